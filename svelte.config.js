import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build' }),
    files: { src: 'app/web', assets: 'app/web/static' },
    alias: { $shared: 'app/shared' },
    // The pages' Content-Security-Policy (the server's helmet leaves pages to this one): SvelteKit adds a nonce for
    // its inline start-up script (a hash on prerendered pages). Style attributes stay allowed: app.html's wrapper and
    // Svelte's server rendering write style="" (bar widths, colours), and an attribute cannot run script; <style>
    // elements and stylesheets still need 'self' or SvelteKit's nonce.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    }
  }
};

export default config;

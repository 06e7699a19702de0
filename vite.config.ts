import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // SvelteKit needs its own `cookie` (0.6); the hoisted one is @fastify/cookie's 2.x with another API.
  ssr: { noExternal: ['cookie'] }
});

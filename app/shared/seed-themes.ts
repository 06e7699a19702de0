/**
 * Limits of a seed-theme list, shared by the API schema and the page that reads a theme file, so that the page
 * names the row that breaks one before anything is sent.
 */
export const SEED_THEME_LIMITS = { themes: 200, name: 200, description: 2000, examples: 500, example: 2000 } as const;

/** esbuild bundles the stylesheet imported by panel.ts into panel.css beside panel.js. */
declare module '*.css';

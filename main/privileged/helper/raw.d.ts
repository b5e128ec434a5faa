// Vite's `?raw` imports (the build embeds the file's text; vitest does the same).
declare module '*?raw' {
  /** The imported file's text. */
  const text: string;
  export default text;
}

// uc.micro (markdown-it's Unicode tables) ships no types; the shim test compares against two of them.
declare module 'uc.micro' {
  export const P: RegExp;
  export const S: RegExp;
}

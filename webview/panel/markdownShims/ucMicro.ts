// Stands in for `uc.micro` inside markdown-it: the same Unicode categories, from the regex engine's own
// tables instead of 20 KB of generated character classes.
export const P = /\p{P}/u;
export const S = /\p{S}/u;
export const Z = /\p{Z}/u;
export const Cc = /\p{Cc}/u;
export const Cf = /\p{Cf}/u;
export const Any = /[\s\S]/u;

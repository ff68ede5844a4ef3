// Stands in for `linkify-it` inside markdown-it: the panel renders with linkify off (bare URLs in an
// answer stay text; only explicit Markdown links become links, and those open through the host).
export default class LinkifyOff {
  test(): boolean {
    return false;
  }
  pretest(): boolean {
    return false;
  }
  match(): null {
    return null;
  }
  matchAtStart(): null {
    return null;
  }
}

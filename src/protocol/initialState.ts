// Where the panel's HTML carries the first `state` message (a JSON data block, never executed). Its own
// module so that the webview can read it without loading the host's zod schemas.
export const initialStateElementId = 'llamune-initial-state';

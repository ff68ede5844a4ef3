// Quick ask: how a selection (and an optional instruction) becomes the question. No vscode import.

/** The selection as the question: the instruction (if any), then the text, fenced when it is code. */
export function quickAskQuestion(selected: string, instruction: string, languageId: string): string {
  const text =
    languageId === 'plaintext' || languageId === 'markdown'
      ? selected
      : `\`\`\`${languageId}\n${selected}\n\`\`\``;
  return instruction.trim() ? `${instruction.trim()}\n\n${text}` : text;
}

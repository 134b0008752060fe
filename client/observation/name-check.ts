/**
 * Notes refer to pupils by case code. Two capitalised words in a row ("Ola Nordmann") or a list of
 * capitalised words separated by commas look like names; the observer is warned, not stopped.
 */
export function looksLikeNames(text: string): boolean {
  const word = "[A-ZÆØÅ][a-zæøåé'-]+";
  return new RegExp(`\\b${word}\\s+${word}\\b`).test(text) || new RegExp(`\\b${word}(?:\\s*,\\s*${word}){2,}`).test(text);
}

/**
 * Text from a mailbox or a person (an address, a folder, a file name) set inside a sentence: isolated
 * (FSI … PDI), so a Hebrew name in an English sentence, or the reverse, cannot reorder the words around it.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

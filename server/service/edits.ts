import type { ObjectASTNode, PropertyASTNode, TextEdit } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Deletes a property together with the comma that separates it from its neighbour. */
export function removePropertyEdit(document: TextDocument, property: PropertyASTNode): TextEdit {
  const parent = property.parent as ObjectASTNode | undefined;
  const siblings = parent?.properties ?? [property];
  const index = siblings.indexOf(property);
  let start = property.offset;
  let end = property.offset + property.length;
  if (index >= 0 && index < siblings.length - 1) {
    end = siblings[index + 1].offset;
  } else if (index > 0) {
    const previous = siblings[index - 1];
    start = previous.offset + previous.length;
  }
  return { range: { start: document.positionAt(start), end: document.positionAt(end) }, newText: '' };
}

/** Inserts `"key": valueJson` as the last property of an object, matching the object's indentation. */
export function addPropertyEdit(document: TextDocument, obj: ObjectASTNode, key: string, valueJson: string): TextEdit {
  const text = document.getText();
  const last = obj.properties[obj.properties.length - 1];
  if (!last) {
    const closing = obj.offset + obj.length - 1;
    return { range: { start: document.positionAt(obj.offset + 1), end: document.positionAt(closing) }, newText: ` ${JSON.stringify(key)}: ${valueJson} ` };
  }
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))?.[0] ?? '';
  const sameLine = lineStart > obj.offset;
  const separator = sameLine ? `,\n${indent}` : ', ';
  const at = document.positionAt(last.offset + last.length);
  return { range: { start: at, end: at }, newText: `${separator}${JSON.stringify(key)}: ${valueJson}` };
}

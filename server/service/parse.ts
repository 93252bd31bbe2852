import {
  getLanguageService,
  type ASTNode,
  type Diagnostic,
  type JSONDocument,
  type ObjectASTNode,
  type PropertyASTNode,
  type Range,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** vscode-json-languageservice builds the AST; one instance serves every document (it holds no per-document state). */
export const jsonService = getLanguageService({});

/** What the JSON parser records beside the tree (present at runtime on its JSONDocument, not in its public type). */
interface ParserExtras {
  syntaxErrors?: Diagnostic[];
  comments?: Range[];
}

export type DocumentShape = 'request' | 'bare' | 'invalid';

export interface ParsedConfig {
  readonly document: TextDocument;
  readonly json: JSONDocument;
  readonly root: ASTNode | undefined;
  readonly shape: DocumentShape;
  /** The config object: `root.config` for a request, the root itself for a bare config. */
  readonly config: ObjectASTNode | undefined;
  /** `root.vins` property of a request. */
  readonly vins: PropertyASTNode | undefined;
  readonly syntaxErrors: readonly Diagnostic[];
  readonly comments: readonly Range[];
}

/** The last property named `key` (JSON decoders let the last duplicate win). */
export function prop(obj: ObjectASTNode | undefined, key: string): PropertyASTNode | undefined {
  if (!obj) return undefined;
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    if (obj.properties[i].keyNode.value === key) return obj.properties[i];
  }
  return undefined;
}

export function isObject(node: ASTNode | undefined): node is ObjectASTNode {
  return node?.type === 'object';
}

export function parseConfig(document: TextDocument): ParsedConfig {
  const json = jsonService.parseJSONDocument(document);
  const extras = json as unknown as ParserExtras;
  const root = json.root;
  let shape: DocumentShape = 'invalid';
  let config: ObjectASTNode | undefined;
  let vins: PropertyASTNode | undefined;
  if (isObject(root)) {
    const hasRequestKeys = root.properties.some((p) => p.keyNode.value === 'config' || p.keyNode.value === 'vins');
    if (hasRequestKeys) {
      shape = 'request';
      const c = prop(root, 'config')?.valueNode;
      config = isObject(c) ? c : undefined;
      vins = prop(root, 'vins');
    } else {
      shape = 'bare';
      config = root;
    }
  }
  return {
    document,
    json,
    root,
    shape,
    config,
    vins,
    syntaxErrors: Array.isArray(extras.syntaxErrors) ? extras.syntaxErrors : [],
    comments: Array.isArray(extras.comments) ? extras.comments : [],
  };
}

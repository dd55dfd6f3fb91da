import { jsonTokens, withTokens, type JsonTokens } from './json-tokens';

/**
 * Collects the strings of a request body that a model will read, as segments
 * for the policy engine, and writes redacted segments back into the same
 * places. Slots are parallel arrays (no tuple per string): a plain chat request
 * costs a handful of pushes. JSON-encoded strings (tool-call arguments) are
 * read token by token (keys, values, numbers) and rewritten only where a token
 * changed.
 */
export type JsonObject = Record<string, unknown>;
type Container = JsonObject | unknown[];

export interface PromptView {
  segments: string[];
  write(segments: readonly string[]): void;
}

interface Encoded {
  holder: JsonObject;
  key: string;
  source: string;
  tokens: JsonTokens;
  from: number;
}

/** An object key read as a segment: renamed in place (keeping the order of keys) when redacted. */
interface KeySlot {
  holder: JsonObject;
  key: string;
  segment: number;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keys whose values are identifiers, enums or opaque data in every format, not
 * text a model reads: the generic walk over unknown content kinds skips them
 * (redacting an ID or a signature would only break the request).
 */
const STRUCTURE_KEYS = new Set([
  'type',
  'id',
  'call_id',
  'tool_call_id',
  'tool_use_id',
  'item_id',
  'file_id',
  'role',
  'status',
  'signature',
  'encrypted_content',
  'cache_control',
  'media_type',
  'mime_type',
  'detail',
  'file_data',
  'headers',
  'authorization',
]);

/** A key whose value is an identifier or opaque data in every format (not text a model reads or writes). */
export function isStructureKey(key: string): boolean {
  return STRUCTURE_KEYS.has(key);
}

/** JSON Schema keywords whose values are schemas, or objects/arrays of schemas. */
const SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Keywords whose values are data the model reads as such (defaults, examples, enumerations). */
const SCHEMA_VALUES = ['default', 'examples', 'enum', 'const'];

/** `from` renamed to `to`, every key keeping its place (JSON keeps the order the caller wrote). */
function renameKey(holder: JsonObject, from: string, to: string): void {
  const entries = Object.entries(holder);
  for (const [key] of entries) delete holder[key];
  for (const [key, value] of entries) holder[key === from ? to : key] = value;
}

/** A base64 payload (image, audio, file): binary, nothing a text detector should read. */
function isDataUrl(text: string): boolean {
  return text.startsWith('data:') && text.indexOf(';base64,') !== -1;
}

export class PromptWalk implements PromptView {
  /** null: a segment write() puts back by other means (a JSON token, an object key). */
  private readonly holders: Array<Container | null> = [];
  private readonly keys: Array<string | number> = [];
  readonly segments: string[] = [];
  private encoded: Encoded[] | null = null;
  private keySlots: KeySlot[] | null = null;

  /** `holder[key]` when it is a non-empty string; a value of another type there is read by `stray`. */
  text(holder: Container, key: string | number): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      if (value.length > 0) this.push(holder, key, value);
    } else if (value !== undefined && value !== null) this.stray(holder, key);
  }

  /**
   * A value of a type its field does not take (content as a number, messages as a string, an item that is not
   * an object): the provider refuses such a request, but it receives it first, so its strings and numbers are
   * read like caller data (keys included), never skipped.
   */
  stray(holder: Container, key: string | number): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      if (value.length > 0) this.push(holder, key, value);
    } else if (typeof value === 'number') this.push(holder, key, String(value));
    else if (typeof value === 'object' && value !== null) this.values(value);
  }

  /** A URL the model fetches or reads; data URLs (inline base64) are skipped. */
  url(holder: unknown, key: string): void {
    if (!isObject(holder)) return;
    const value = holder[key];
    if (typeof value === 'string') {
      if (value.length > 0 && !isDataUrl(value)) this.push(holder, key, value);
    } else if (value !== undefined && value !== null) this.stray(holder, key);
  }

  /**
   * A string holding JSON (tool-call arguments): every key, string value and
   * number inside it is a segment (numbers as their source digits), and only
   * the tokens that change are rewritten, as JSON strings, so the arguments
   * stay valid JSON. Anything that is not a JSON object or array is read as
   * plain text.
   */
  json(holder: unknown, key: string): void {
    if (!isObject(holder)) return;
    const source = holder[key];
    if (typeof source !== 'string') {
      if (source !== undefined && source !== null) this.stray(holder, key);
      return;
    }
    if (source.length === 0) return;
    const tokens = jsonTokens(source);
    if (!tokens) {
      this.push(holder, key, source);
      return;
    }
    if (tokens.texts.length === 0) return;
    const from = this.segments.length;
    for (const text of tokens.texts) this.push(null, key, text);
    (this.encoded ??= []).push({ holder, key, source, tokens, from });
  }

  /**
   * Every key, string and number inside a value: caller data (tool-call input,
   * metadata), where no key is structural. A number is read as JSON writes it
   * and, when redacted, becomes a string holding the placeholder.
   */
  values(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') this.text(value, i);
        else if (typeof item === 'number') this.push(value, i, String(item));
        else if (typeof item === 'object' && item !== null) this.values(item);
      }
    } else if (isObject(value)) {
      for (const key in value) {
        if (key.length > 0) {
          (this.keySlots ??= []).push({ holder: value, key, segment: this.segments.length });
          this.push(null, key, key);
        }
        const item = value[key];
        if (typeof item === 'string') this.text(value, key);
        else if (typeof item === 'number') this.push(value, key, String(item));
        else if (typeof item === 'object' && item !== null) this.values(item);
      }
    }
  }

  /**
   * Content of a kind the gateway does not know: every string, except under
   * keys that are identifiers or opaque data in every format, and data URLs.
   */
  unknown(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') {
          if (!isDataUrl(item)) this.text(value, i);
        } else if (typeof item === 'object' && item !== null) this.unknown(item);
      }
    } else if (isObject(value)) {
      const base64 = value.type === 'base64';
      for (const key in value) {
        if (STRUCTURE_KEYS.has(key) || (base64 && key === 'data')) continue;
        const item = value[key];
        if (typeof item === 'string') {
          if (!isDataUrl(item)) this.text(value, key);
        } else if (typeof item === 'object' && item !== null) this.unknown(item);
      }
    }
  }

  /**
   * The fields of an object of a known kind that the reading of that kind left out (`read`): a provider receives
   * them too, so their strings are read as text and their objects and arrays through the generic walk. A caller
   * cannot carry text past the policy in a field the gateway does not know (`"extra": ["…"]` in a text part, a
   * server's own top-level parameter).
   */
  rest(holder: JsonObject, read: ReadonlySet<string>): void {
    for (const key in holder) {
      if (read.has(key) || STRUCTURE_KEYS.has(key)) continue;
      const item = holder[key];
      if (typeof item === 'string') {
        if (item.length > 0 && !isDataUrl(item)) this.push(holder, key, item);
      } else if (typeof item === 'object' && item !== null) this.unknown(item);
    }
  }

  /** A JSON Schema (tool parameters, structured output): its descriptions, titles and example values. */
  schema(schema: unknown): void {
    if (!isObject(schema)) return;
    this.text(schema, 'description');
    this.text(schema, 'title');
    this.text(schema, '$comment');
    for (const key of SCHEMA_VALUES) {
      const value = schema[key];
      if (typeof value === 'string') this.text(schema, key);
      else this.values(value);
    }
    for (const key of SCHEMA_KEYWORDS) {
      const value = schema[key];
      if (Array.isArray(value)) for (const s of value) this.schema(s);
      else this.schema(value);
    }
    for (const key of SCHEMA_MAPS) {
      const map = schema[key];
      if (isObject(map)) for (const name in map) this.schema(map[name]);
    }
    for (const key of SCHEMA_LISTS) {
      const list = schema[key];
      if (Array.isArray(list)) for (const s of list) this.schema(s);
    }
  }

  view(): PromptView {
    return this;
  }

  private push(holder: Container | null, key: string | number, value: string): void {
    this.holders.push(holder);
    this.keys.push(key);
    this.segments.push(value);
  }

  /**
   * Puts rewritten segments (same order) back where they were read: values
   * first, then JSON strings with their changed tokens, then renamed keys (so
   * a value is written under the key it was read under).
   */
  write(segments: readonly string[]): void {
    for (let i = 0; i < this.segments.length; i++) {
      const next = segments[i];
      const holder = this.holders[i];
      const key = this.keys[i];
      if (next !== undefined && holder && key !== undefined && next !== this.segments[i])
        (holder as Record<string | number, unknown>)[key] = next;
    }
    for (const e of this.encoded ?? []) {
      const to = e.from + e.tokens.texts.length;
      let changed = false;
      for (let i = e.from; i < to && !changed; i++) changed = segments[i] !== this.segments[i];
      if (changed) e.holder[e.key] = withTokens(e.source, e.tokens, segments, e.from);
    }
    for (const slot of this.keySlots ?? []) {
      const next = segments[slot.segment];
      if (next !== undefined && next !== slot.key) renameKey(slot.holder, slot.key, next);
    }
  }
}

/**
 * Collects the strings of a request body that a model will read, as segments
 * for the policy engine, and writes redacted segments back into the same
 * places. Slots are parallel arrays (no tuple per string): a plain chat request
 * costs a handful of pushes. JSON-encoded strings (tool-call arguments) are
 * parsed, walked value by value and re-serialised only when one of their
 * values changed.
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
  value: unknown;
  from: number;
  to: number;
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

/** JSON Schema keywords whose values are schemas, or objects/arrays of schemas. */
const SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Keywords whose values are data the model reads as such (defaults, examples, enumerations). */
const SCHEMA_VALUES = ['default', 'examples', 'enum', 'const'];

/** A base64 payload (image, audio, file): binary, nothing a text detector should read. */
function isDataUrl(text: string): boolean {
  return text.startsWith('data:') && text.indexOf(';base64,') !== -1;
}

export class PromptWalk implements PromptView {
  private readonly holders: Container[] = [];
  private readonly keys: Array<string | number> = [];
  readonly segments: string[] = [];
  private encoded: Encoded[] | null = null;

  /** `holder[key]` when it is a non-empty string. */
  text(holder: Container, key: string | number): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string' && value.length > 0) this.push(holder, key, value);
  }

  /** A URL the model fetches or reads; data URLs (inline base64) are skipped. */
  url(holder: unknown, key: string): void {
    if (!isObject(holder)) return;
    const value = holder[key];
    if (typeof value === 'string' && value.length > 0 && !isDataUrl(value)) this.push(holder, key, value);
  }

  /**
   * A string holding JSON (tool-call arguments): every string value inside it
   * is a segment, and the string is re-serialised as valid JSON when one changes.
   * Anything that does not parse to an object or array is read as plain text.
   */
  json(holder: unknown, key: string): void {
    if (!isObject(holder)) return;
    const raw = holder[key];
    if (typeof raw !== 'string' || raw.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null) {
      this.push(holder, key, raw);
      return;
    }
    const from = this.segments.length;
    this.values(value);
    if (this.segments.length > from) (this.encoded ??= []).push({ holder, key, value, from, to: this.segments.length });
  }

  /** Every string inside a value: caller data (tool-call input, metadata), where no key is structural. */
  values(value: unknown): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') this.text(value, i);
        else if (typeof item === 'object' && item !== null) this.values(item);
      }
    } else if (isObject(value)) {
      for (const key in value) {
        const item = value[key];
        if (typeof item === 'string') this.text(value, key);
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

  private push(holder: Container, key: string | number, value: string): void {
    this.holders.push(holder);
    this.keys.push(key);
    this.segments.push(value);
  }

  /** Puts rewritten segments (same order) back where they were read; re-serialises the JSON strings that changed. */
  write(segments: readonly string[]): void {
    for (let i = 0; i < this.segments.length; i++) {
      const next = segments[i];
      const holder = this.holders[i];
      const key = this.keys[i];
      if (next !== undefined && holder !== undefined && key !== undefined && next !== this.segments[i])
        (holder as Record<string | number, unknown>)[key] = next;
    }
    for (const e of this.encoded ?? []) {
      let changed = false;
      for (let i = e.from; i < e.to && !changed; i++) changed = segments[i] !== this.segments[i];
      if (changed) e.holder[e.key] = JSON.stringify(e.value);
    }
  }
}

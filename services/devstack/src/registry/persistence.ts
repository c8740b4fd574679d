// Contract: the registry's whole state as plain data, and its JSON file.
// loadState(file) returns the saved state, or an empty one when the file does not exist; a file
// that exists but is not a valid state throws (it is never silently replaced).
// saveState(file, state) writes atomically: a temp file in the same directory, then rename.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_LEVEL, isCompatibilityLevel, type CompatibilityLevel } from './compatibility';

export interface Reference {
  name: string;
  subject: string;
  version: number;
}
export interface StoredSchema {
  id: number;
  schema: string;
  references: Reference[];
}
export interface SubjectVersion {
  version: number;
  id: number;
}

export interface RegistryState {
  nextId: number;
  globalLevel: CompatibilityLevel;
  schemas: Map<number, StoredSchema>;
  subjects: Map<string, SubjectVersion[]>;
  subjectLevels: Map<string, CompatibilityLevel>;
}

export function emptyState(): RegistryState {
  return { nextId: 1, globalLevel: DEFAULT_LEVEL, schemas: new Map(), subjects: new Map(), subjectLevels: new Map() };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

export function isReference(v: unknown): v is Reference {
  return isRecord(v) && typeof v.name === 'string' && typeof v.subject === 'string' && isPositiveInt(v.version);
}

function isStoredSchema(v: unknown): v is StoredSchema {
  return (
    isRecord(v) &&
    isPositiveInt(v.id) &&
    typeof v.schema === 'string' &&
    Array.isArray(v.references) &&
    v.references.every(isReference)
  );
}

function isSubjectVersion(v: unknown): v is SubjectVersion {
  return isRecord(v) && isPositiveInt(v.version) && isPositiveInt(v.id);
}

function parseState(doc: unknown, file: string): RegistryState {
  const bad = (what: string) => new Error(`schema registry data file ${file}: ${what}`);
  if (!isRecord(doc) || !isPositiveInt(doc.nextId) || !isCompatibilityLevel(doc.globalLevel))
    throw bad('missing nextId/globalLevel');
  const { schemas, subjects, subjectLevels } = doc;
  if (!Array.isArray(schemas) || !schemas.every(isStoredSchema)) throw bad('invalid schemas');
  if (!isRecord(subjects) || !isRecord(subjectLevels)) throw bad('invalid subjects/subjectLevels');
  const state = { ...emptyState(), nextId: doc.nextId, globalLevel: doc.globalLevel };
  for (const s of schemas) state.schemas.set(s.id, s);
  for (const [name, versions] of Object.entries(subjects)) {
    if (!Array.isArray(versions) || !versions.every(isSubjectVersion)) throw bad(`invalid versions of subject ${name}`);
    if (versions.some((v) => !state.schemas.has(v.id))) throw bad(`subject ${name} refers to an unknown schema id`);
    state.subjects.set(name, versions);
  }
  for (const [name, level] of Object.entries(subjectLevels)) {
    if (!isCompatibilityLevel(level)) throw bad(`invalid level of subject ${name}`);
    state.subjectLevels.set(name, level);
  }
  return state;
}

export function loadState(file: string): RegistryState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (isRecord(err) && err.code === 'ENOENT') return emptyState();
    throw err;
  }
  return parseState(JSON.parse(text) as unknown, file);
}

let tmpSeq = 0;

export function saveState(file: string, state: RegistryState): void {
  const doc = {
    nextId: state.nextId,
    globalLevel: state.globalLevel,
    schemas: [...state.schemas.values()],
    subjects: Object.fromEntries(state.subjects),
    subjectLevels: Object.fromEntries(state.subjectLevels),
  };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, file);
}

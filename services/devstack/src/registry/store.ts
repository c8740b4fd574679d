// Contract: the registry's subjects, versions, global schema ids and compatibility levels, in
// memory and, when a data file is given, saved after every change (so a restart keeps the ids).
// Confluent semantics: the same schema (equal schemaKey and references) always gets the same id,
// across subjects too; registering a schema a subject already has returns its id and adds no
// version; a new version must pass the subject's compatibility level. Ids are never reused:
// deleting versions or subjects (always a hard delete here) keeps /schemas/ids/{id} answering.
// Every failure is a RegistryError carrying Confluent's status and error code.
import type { Type } from 'avsc';
import { checkCompatibility, compactSchema, parseAvro, schemaKey, type CompatibilityLevel } from './compatibility';
import { errors } from './errors';
import {
  emptyState,
  loadState,
  saveState,
  type Reference,
  type RegistryState,
  type StoredSchema,
  type SubjectVersion,
} from './persistence';

/** An AVRO schema to register, look up or test; the schema type is checked by the caller. */
export interface SchemaInput {
  schema: string;
  references: Reference[];
}
export interface VersionInfo {
  subject: string;
  id: number;
  version: number;
  schema: string;
  references: Reference[];
}
export type VersionRef = number | 'latest';

interface Candidate {
  schema: string;
  references: Reference[];
  type: Type;
  key: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class RegistryStore {
  private readonly state: RegistryState;
  private readonly types = new Map<number, Type>();
  private readonly keys = new Map<number, string>();

  constructor(private readonly dataFile?: string) {
    this.state = dataFile ? loadState(dataFile) : emptyState();
  }

  subjects(): string[] {
    return [...this.state.subjects.keys()].sort();
  }

  versions(subject: string): number[] {
    return this.versionsOf(subject).map((v) => v.version);
  }

  version(subject: string, version: VersionRef): VersionInfo {
    const v = this.find(subject, version);
    const { schema, references } = this.schemaById(v.id);
    return { subject, id: v.id, version: v.version, schema, references };
  }

  schemaById(id: number): StoredSchema {
    const stored = this.state.schemas.get(id);
    if (!stored) throw errors.schemaNotFound(id);
    return stored;
  }

  usagesOf(id: number): Array<{ subject: string; version: number }> {
    this.schemaById(id);
    return this.subjects().flatMap((subject) =>
      (this.state.subjects.get(subject) ?? []).filter((v) => v.id === id).map((v) => ({ subject, version: v.version })),
    );
  }

  register(subject: string, input: SchemaInput): number {
    const candidate = this.prepare(input);
    const versions = this.state.subjects.get(subject) ?? [];
    const same = versions.find((v) => this.keyOf(v.id) === candidate.key);
    if (same) return same.id;
    const messages = checkCompatibility(this.level(subject), candidate.type, this.typed(versions));
    if (messages.length > 0) throw errors.incompatible(subject, messages);
    let id = [...this.state.schemas.keys()].find((known) => this.keyOf(known) === candidate.key);
    if (id === undefined) {
      id = this.state.nextId++;
      this.state.schemas.set(id, { id, schema: candidate.schema, references: candidate.references });
      this.types.set(id, candidate.type);
    }
    this.state.subjects.set(subject, [...versions, { version: (versions.at(-1)?.version ?? 0) + 1, id }]);
    this.save();
    return id;
  }

  lookup(subject: string, input: SchemaInput): VersionInfo {
    const versions = this.versionsOf(subject);
    const candidate = this.prepare(input);
    const found = versions.find((v) => this.keyOf(v.id) === candidate.key);
    if (!found) throw errors.schemaNotFound();
    return this.version(subject, found.version);
  }

  /** Messages of the failed checks of `input` against `version` of `subject` ([] = compatible). */
  compatibility(subject: string, version: VersionRef, input: SchemaInput): string[] {
    const versions = this.state.subjects.get(subject) ?? [];
    const targets = version === 'latest' ? versions : [this.find(subject, version)];
    const candidate = this.prepare(input);
    return checkCompatibility(this.level(subject), candidate.type, this.typed(targets));
  }

  /** The level that applies to `subject` (its own, else the global one); the global one without a subject. */
  level(subject?: string): CompatibilityLevel {
    return (subject === undefined ? undefined : this.state.subjectLevels.get(subject)) ?? this.state.globalLevel;
  }

  subjectLevel(subject: string, defaultToGlobal: boolean): CompatibilityLevel {
    const level = this.state.subjectLevels.get(subject);
    if (level !== undefined) return level;
    if (defaultToGlobal) return this.state.globalLevel;
    throw errors.subjectLevelNotFound(subject);
  }

  setLevel(subject: string | undefined, level: CompatibilityLevel): void {
    if (subject === undefined) this.state.globalLevel = level;
    else this.state.subjectLevels.set(subject, level);
    this.save();
  }

  deleteSubjectLevel(subject: string): CompatibilityLevel {
    const level = this.subjectLevel(subject, false);
    this.state.subjectLevels.delete(subject);
    this.save();
    return level;
  }

  deleteSubject(subject: string): number[] {
    const versions = this.versionsOf(subject);
    this.assertUnreferenced(subject, versions);
    this.state.subjects.delete(subject);
    this.save();
    return versions.map((v) => v.version);
  }

  deleteVersion(subject: string, version: VersionRef): number {
    const target = this.find(subject, version);
    this.assertUnreferenced(subject, [target]);
    const rest = this.versionsOf(subject).filter((v) => v !== target);
    if (rest.length > 0) this.state.subjects.set(subject, rest);
    else this.state.subjects.delete(subject);
    this.save();
    return target.version;
  }

  private versionsOf(subject: string): SubjectVersion[] {
    const versions = this.state.subjects.get(subject);
    if (!versions || versions.length === 0) throw errors.subjectNotFound(subject);
    return versions;
  }

  private find(subject: string, version: VersionRef): SubjectVersion {
    const versions = this.versionsOf(subject);
    const found = version === 'latest' ? versions.at(-1) : versions.find((v) => v.version === version);
    if (!found) throw errors.versionNotFound(version === 'latest' ? -1 : version);
    return found;
  }

  private prepare(input: SchemaInput): Candidate {
    let schema: string;
    try {
      schema = compactSchema(input.schema);
    } catch (err) {
      throw errors.invalidSchema(`not JSON: ${message(err)}`);
    }
    const referenced = this.referencedTexts(input.references, new Set());
    let type: Type;
    try {
      type = parseAvro(schema, referenced);
    } catch (err) {
      throw errors.invalidSchema(message(err));
    }
    return { schema, references: input.references, type, key: this.key(schema, input.references) };
  }

  /** Texts of the schemas `refs` name, each after its own references. */
  private referencedTexts(refs: readonly Reference[], seen: Set<number>): string[] {
    const texts: string[] = [];
    for (const ref of refs) {
      const versions = this.state.subjects.get(ref.subject) ?? [];
      const target = versions.find((v) => v.version === ref.version);
      if (!target)
        throw errors.invalidSchema(
          `reference '${ref.name}' to subject '${ref.subject}' version ${ref.version} not found`,
        );
      if (seen.has(target.id)) continue;
      seen.add(target.id);
      const stored = this.schemaById(target.id);
      texts.push(...this.referencedTexts(stored.references, seen), stored.schema);
    }
    return texts;
  }

  private key(schema: string, references: readonly Reference[]): string {
    return `${schemaKey(schema)}|${JSON.stringify(references.map((r) => [r.name, r.subject, r.version]))}`;
  }

  private keyOf(id: number): string {
    let key = this.keys.get(id);
    if (key === undefined) {
      const stored = this.schemaById(id);
      key = this.key(stored.schema, stored.references);
      this.keys.set(id, key);
    }
    return key;
  }

  private typed(versions: readonly SubjectVersion[]): Array<{ version: number; type: Type }> {
    return versions.map((v) => ({ version: v.version, type: this.typeOf(v.id) }));
  }

  private typeOf(id: number): Type {
    let type = this.types.get(id);
    if (type === undefined) {
      const stored = this.schemaById(id);
      type = parseAvro(stored.schema, this.referencedTexts(stored.references, new Set()));
      this.types.set(id, type);
    }
    return type;
  }

  private assertUnreferenced(subject: string, versions: readonly SubjectVersion[]): void {
    for (const used of this.state.subjects.values()) {
      for (const v of used) {
        const refs = this.schemaById(v.id).references;
        if (refs.some((r) => r.subject === subject && versions.some((d) => d.version === r.version))) {
          throw errors.referenced(subject);
        }
      }
    }
  }

  private save(): void {
    if (this.dataFile) saveState(this.dataFile, this.state);
  }
}

// Contract: the registry's error type. A RegistryError becomes an HTTP response with its
// `status` and a Confluent body {error_code, message}; the helpers carry Confluent's codes.
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const errors = {
  routeNotFound: () => new RegistryError(404, 404, 'HTTP 404 Not Found'),
  methodNotAllowed: () => new RegistryError(405, 405, 'HTTP 405 Method Not Allowed'),
  subjectNotFound: (subject: string) => new RegistryError(404, 40401, `Subject '${subject}' not found.`),
  versionNotFound: (version: number) => new RegistryError(404, 40402, `Version ${version} not found.`),
  schemaNotFound: (id?: number) =>
    new RegistryError(404, 40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectLevelNotFound: (subject: string) =>
    new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`),
  incompatible: (subject: string, details: string[]) =>
    new RegistryError(
      409,
      409,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: ${JSON.stringify(details)}`,
    ),
  referenced: (subject: string) =>
    new RegistryError(422, 42206, `One or more references exist to the schema {subject=${subject}}`),
  invalidSchema: (detail: string) => new RegistryError(422, 42201, `Invalid schema: ${detail}`),
  invalidVersion: (version: string) =>
    new RegistryError(
      422,
      42202,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  invalidLevel: () =>
    new RegistryError(
      422,
      42203,
      'Invalid compatibility level. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE',
    ),
  badRequest: (detail: string) => new RegistryError(400, 400, detail),
  unsupportedMediaType: (type: string) => new RegistryError(415, 415, `HTTP 415 Unsupported Media Type: ${type}`),
  tooLarge: () => new RegistryError(413, 413, 'HTTP 413 Request body too large'),
};

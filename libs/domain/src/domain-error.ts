/** Base of every domain error: a stable code that HTTP filters and consumers map to answers or DLQ. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that can never succeed however often it is retried (goes to the DLQ, or a 4xx). */
export class PermanentError extends DomainError {}

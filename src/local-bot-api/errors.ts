// Bot API error answers.

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** An error the local Bot API answers as `{ ok: false, error_code, description, parameters? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { ok: false, error_code: this.status, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export const badRequest = (what: string, parameters?: ResponseParameters): ApiError =>
  new ApiError(400, `Bad Request: ${what}`, parameters);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);

export const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
export const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';
export const GETUPDATES_CONFLICT =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

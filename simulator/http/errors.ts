/** A request failure the simulator answers with Tesla's error envelope and `status`. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description = '',
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${error}${description ? `: ${description}` : ''}`);
    this.name = 'SimHttpError';
  }
}

export const badRequest = (error: string, description: string): SimHttpError => new SimHttpError(400, error, description);
export const unauthorized = (error: string, description: string): SimHttpError => new SimHttpError(401, error, description);
export const forbidden = (error: string, description: string): SimHttpError => new SimHttpError(403, error, description);
export const notFound = (description = 'not found'): SimHttpError => new SimHttpError(404, 'not_found', description);

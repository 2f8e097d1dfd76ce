// The errors of a Kubernetes API call, apart from the HTTP client: code that only names them
// (the plugin's error printer) does not load node:http, node:https and TLS.
import { WorkspaceToolError } from '../errors.js';

/** The API server answered with an error Status; `reason` is the server's (Forbidden, NotFound, Conflict, …). */
export class ApiError extends WorkspaceToolError {
  override name = 'ApiError';
  readonly statusCode: number;
  readonly reason: string;
  readonly status: unknown;

  constructor(statusCode: number, reason: string, message: string, status: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.reason = reason;
    this.status = status;
  }
}

/** The API server could not be reached or did not answer in time. */
export class ConnectionError extends WorkspaceToolError {
  override name = 'ConnectionError';
}

// Why a request to the webhook could not be answered with an AdmissionReview.

/** metav1.StatusReason values the webhook can answer with. */
export const RejectReason = {
  badRequest: 'BadRequest',
  notFound: 'NotFound',
  methodNotAllowed: 'MethodNotAllowed',
  requestEntityTooLarge: 'RequestEntityTooLarge',
  unsupportedMediaType: 'UnsupportedMediaType',
  internalError: 'InternalError',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

const statusOf: Readonly<Record<RejectReason, number>> = {
  BadRequest: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  InternalError: 500,
};

/** A request the webhook refuses at the HTTP level; `status` is the HTTP status code to send. */
export class WebhookRequestError extends Error {
  override readonly name: string = 'WebhookRequestError';
  readonly reason: RejectReason;
  readonly status: number;

  constructor(reason: RejectReason, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.reason = reason;
    this.status = statusOf[reason];
  }
}

/** The AdmissionReview body is not one the webhook understands (HTTP 400). */
export class MalformedReviewError extends WebhookRequestError {
  override readonly name = 'MalformedReviewError';

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(RejectReason.badRequest, message, options);
  }
}

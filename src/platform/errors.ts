/**
 * The one error type services throw. `code` is a stable English identifier for API clients,
 * `message` is for people (zh-CN), `details` is optional structured context.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, code = 'not_found') => new AppError(code, 404, `${what}不存在或不在您的管辖范围内`);
export const forbidden = (code: string, reason: string) => new AppError(code, 403, reason);
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(code, 400, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(code, 409, message, details);
export const unauthorized = () => new AppError('auth.required', 401, '请先登录');

export { ClassifierError, ModelNotFoundError, ModelUnavailableError, RequestError, VersionNotFoundError } from './classifier-error';
export type { ClassifierErrorCode, RegistryErrorCode, RequestErrorCode } from './classifier-error';
export { ERROR_STATUS } from './error-status';

import { WorkerEntrypoint } from 'cloudflare:workers';
import { z } from 'zod';
import { modelNameSchema, modelVersionSchema } from '../../shared/artifact/model-contract';
import { ClassifierError, ERROR_STATUS, RequestError } from '../errors';
import type { ClassifierErrorCode } from '../errors';
import { prestartInference } from '../inference/start-inference';
import type { IsolateServices, ServicesFor } from '../model/create-isolate-services';
import { outcomeLogFields, writePredictLog } from '../observability/predict-log-line';
import type { PredictLogLine } from '../observability/predict-log-line';
import { predictImages } from '../predict/predict-images';
import type { PredictResponse } from '../predict/predict-images';
import { checkBatchSize } from '../predict/read-predict-images';
import { describeModel } from '../model/describe-model';
import { ClassifierRpcError } from './classifier-rpc-error';
import type { ClassifierPredictInput } from './classifier-rpc-types';

/** What `createClassifierEntrypoint` needs: the same per-isolate services as the HTTP app. */
export interface ClassifierEntrypointDeps {
  servicesFor: ServicesFor;
}

// Defined once per isolate (module scope), like the HTTP routes' schemas.
const imageBytesSchema = z.union([z.instanceof(ArrayBuffer), z.instanceof(Uint8Array)], {
  error: 'every image must be an ArrayBuffer or a Uint8Array of PNG/JPEG bytes',
});
const imagesSchema = z.array(imageBytesSchema, { error: 'images must be an array of encoded images' }).min(1, 'images needs one or more images');
const parameterSchema = z.object({
  model: modelNameSchema.optional(),
  version: modelVersionSchema.optional(),
  topK: z.number().int().min(1).optional(),
});

function issueMessage(where: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `${[where, ...(issue?.path ?? []).map(String)].join('.')}: ${issue?.message ?? 'invalid'}`;
}

/** The RPC form of any error: domain errors keep their code; anything else is logged and hidden. */
function toRpcError(error: unknown): ClassifierRpcError {
  if (error instanceof ClassifierError) {
    const code: ClassifierErrorCode = error.code;
    return new ClassifierRpcError({ code, message: error.message, status: ERROR_STATUS[code] });
  }
  console.error('unhandled RPC error', error);
  return new ClassifierRpcError({ code: 'internal_error', message: 'internal error', status: 500 });
}

async function withRpcErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toRpcError(error);
  }
}

/** Validates an RPC predict input with the HTTP API's rules and limits; returns its images as bytes. */
function readRpcInput(input: ClassifierPredictInput, services: IsolateServices) {
  if (typeof input !== 'object' || input === null) throw new RequestError('invalid_request', 'predict takes one object { images, model?, version?, topK? }');
  const parameters = parameterSchema.safeParse(input);
  if (!parameters.success) throw new RequestError('invalid_parameter', issueMessage('input', parameters.error));
  const images = imagesSchema.safeParse(input.images);
  if (!images.success) throw new RequestError('invalid_request', issueMessage('images', images.error));
  const { maxBatchSize, maxBodyBytes } = services.config;
  checkBatchSize(images.data.length, maxBatchSize);
  const bytes = images.data.map((image) => (image instanceof Uint8Array ? image : new Uint8Array(image)));
  const total = bytes.reduce((sum, image) => sum + image.byteLength, 0);
  // The HTTP body limit, applied to the images themselves.
  if (total > maxBodyBytes) throw new RequestError('payload_too_large', `images total ${total} bytes; the limit is ${maxBodyBytes}`);
  return { ...parameters.data, images: bytes };
}

/**
 * The `Classifier` RPC entrypoint class, over the same services as the HTTP app: `predict`
 * returns what `POST /v1/predict` returns, `models()` what `GET /v1/models` does, `describe()`
 * what `GET /v1/models/{name}[/versions/{version}]` does. Errors are `ClassifierRpcError`s with
 * the HTTP API's codes (read them with `parseClassifierRpcError`). Service bindings are private
 * to the account, so no API token is asked for.
 */
export function createClassifierEntrypoint(deps: ClassifierEntrypointDeps) {
  return class ClassifierEntrypoint extends WorkerEntrypoint<Env> {
    /** Top-k labels per image, one ranked list per input image, in input order. */
    async predict(input: ClassifierPredictInput): Promise<PredictResponse> {
      const requestId = crypto.randomUUID();
      const line: PredictLogLine = { event: 'predict', transport: 'rpc', request_id: requestId, model: null, version: null, images: null, status: 200, code: 'ok' };
      try {
        const services = deps.servicesFor(this.env);
        const request = readRpcInput(input, services);
        line.model = request.model ?? services.registry.defaultModel;
        line.images = request.images.length;
        prestartInference();
        const ref = await services.registry.resolve(line.model, request.version);
        line.version = ref.version;
        const outcome = await predictImages(services, { ref, images: request.images, topKQuery: undefined, topKBody: request.topK, requestId });
        writePredictLog({ ...line, ...outcomeLogFields(outcome) });
        return outcome.response;
      } catch (error) {
        const rpcError = toRpcError(error);
        writePredictLog({ ...line, status: rpcError.status, code: rpcError.code });
        throw rpcError;
      }
    }

    /** Every model and its versions, R2 and bundled (as `GET /v1/models`). */
    async models() {
      return withRpcErrors(async () => {
        const models = await deps.servicesFor(this.env).registry.list();
        return { models: models.map(({ name, defaultVersion, versions }) => ({ name, default_version: defaultVersion, versions })) };
      });
    }

    /** A version's manifest metadata (as `GET /v1/models/{name}[/versions/{version}]`). */
    async describe(name: string, version?: string) {
      return withRpcErrors(async () => {
        const parameters = parameterSchema.safeParse({ model: name, version });
        if (!parameters.success) throw new RequestError('invalid_parameter', issueMessage('input', parameters.error));
        const { registry } = deps.servicesFor(this.env);
        const ref = await registry.resolve(name, version);
        return describeModel(ref, await registry.manifest(ref));
      });
    }
  };
}

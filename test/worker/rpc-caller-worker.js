// A second worker, as an edgefuse user writes one: it calls the Classifier entrypoint over its
// service binding (miniflare's equivalent of wrangler.toml's
// [[services]] binding = "CLASSIFIER", service = "edgefuse", entrypoint = "Classifier").
// It reports what it received, errors included, exactly as this worker sees them.
import { WorkerEntrypoint } from 'cloudflare:workers';

export default class RpcCaller extends WorkerEntrypoint {
  async call(method, args) {
    try {
      return { ok: true, value: await this.env.CLASSIFIER[method](...args) };
    } catch (error) {
      return { ok: false, error: { name: error.name, message: error.message, code: error.code, status: error.status } };
    }
  }
}

// Removes the webhook's registration from the cluster: the chart's pre-delete hook runs this before
// Helm deletes the Service, so an interrupted uninstall never leaves a webhook that points nowhere.
import type { AdmissionregistrationV1Api } from '@kubernetes/client-node';
import { apiCode, CertgenError } from './certs.js';

export type Removal = 'deleted' | 'absent';

/** Deletes the named MutatingWebhookConfiguration; one that is already gone is not an error. */
export async function deleteRegistration(admission: AdmissionregistrationV1Api, name: string): Promise<Removal> {
  try {
    await admission.deleteMutatingWebhookConfiguration({ name });
    return 'deleted';
  } catch (error) {
    if (apiCode(error) === 404) return 'absent';
    throw new CertgenError(`deleting MutatingWebhookConfiguration ${name} failed: ${(error as Error).message}`, { cause: error });
  }
}

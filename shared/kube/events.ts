// events.k8s.io/v1 Events: create one, and list those regarding an object (ours and other reporters').
import type { KubeClient } from './rest.js';

export interface ObjectReference {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

export interface KubeEvent {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly creationTimestamp?: string };
  readonly eventTime?: string | null;
  readonly reportingController?: string;
  readonly reportingInstance?: string;
  readonly action?: string;
  readonly reason?: string;
  readonly type?: string;
  readonly note?: string;
  readonly regarding?: ObjectReference;
  readonly series?: { readonly count?: number; readonly lastObservedTime?: string };
  readonly deprecatedSource?: { readonly component?: string; readonly host?: string };
  readonly deprecatedFirstTimestamp?: string;
  readonly deprecatedLastTimestamp?: string;
  readonly deprecatedCount?: number;
}

const eventsPath = (ns: string): string => `/apis/events.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/events`;

export function createEvent(client: KubeClient, namespace: string, event: KubeEvent): Promise<KubeEvent> {
  return client.post<KubeEvent>(eventsPath(namespace), event);
}

/** Events whose `regarding` names the object (core/v1 events are the same objects, seen through this API). */
export async function listEventsRegarding(client: KubeClient, namespace: string, name: string, kind: string): Promise<KubeEvent[]> {
  const list = await client.get<{ items?: KubeEvent[] }>(eventsPath(namespace), { fieldSelector: `regarding.name=${name}` });
  return (list.items ?? []).filter((e) => e.regarding?.kind === undefined || e.regarding.kind === kind);
}

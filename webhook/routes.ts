// The paths the webhook serves: /mutate on the lean admission path, the rest through the operational app.

export const Route = {
  mutate: '/mutate',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  livez: '/livez',
  version: '/version',
} as const;
export type Route = (typeof Route)[keyof typeof Route];

export type OperationalRoute = Exclude<Route, typeof Route.mutate>;

export function isOperational(route: Route): route is OperationalRoute {
  return route !== Route.mutate;
}

/** The path of a request target, without its query. */
export function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

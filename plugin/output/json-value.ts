// A JSON value as the template formats (jsonpath, custom-columns, sort-by) walk it.
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Tesla's developer app client ids are UUIDs: what the editor and the CLI accept, with what to do otherwise. Pure. */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function clientIdProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Paste the Client ID shown on your app at developer.tesla.com.';
  return CLIENT_ID.test(v) ? undefined : 'A Tesla client id is a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.';
}

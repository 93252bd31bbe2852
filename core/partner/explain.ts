/** A registration failure in words, with what to do. Pure: from the status and Tesla's error text. */
export function explainRegistrationError(status: number | undefined, text: string): string {
  if (status === undefined) return 'The Fleet API host could not be reached; check the network and the region URL.';
  if (status === 424 || /public key download failed/i.test(text)) {
    return 'Tesla could not download your public key from the domain. Run the PEM hosting check (fleetkit check pem <domain>) and fix what it reports, then register again.';
  }
  if (status === 400 && /domain/i.test(text)) {
    return "Use the bare domain in lower case (no https://, path or port), matching the root domain of the app's Allowed Origins.";
  }
  if (status === 401) return 'The partner token was rejected: check the client id and secret, and that the token was minted for this region (audience).';
  if (status === 403) {
    return 'The token may not call partner endpoints: use a partner token (client_credentials) and enable the client-credentials grant for the app.';
  }
  if (status === 422 && /already been taken/i.test(text)) return 'Another application already registered this public key: each app needs its own key pair.';
  if (status === 412) return 'The account must be registered in this region first: register the partner domain in this region.';
  if (status === 404) return 'The domain is not registered in this region yet.';
  if (status >= 500) return 'Tesla had a server error; try again later (quote the txid if it persists).';
  return 'See the error above.';
}

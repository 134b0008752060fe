import { useEffect, useState } from 'react';

/**
 * A secret from a link in a mail (`#token=…`). It travels in the fragment, so no server log or
 * Referer ever holds it; once read it is taken out of the address bar as well.
 */
export function useLinkToken(): string | null {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token'));
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }, []);
  return token;
}

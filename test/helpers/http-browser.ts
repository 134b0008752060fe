/**
 * Just enough of a browser for an OpenID Connect code flow over real HTTP: it keeps cookies per
 * host (honouring Path and expiry) and follows redirects one hop at a time, so a test can stop at
 * any hop, look at it, change it, or replay it.
 */
interface Cookie {
  host: string;
  name: string;
  value: string;
  path: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
  text: string;
  headers: Headers;
}

export class HttpBrowser {
  private cookies: Cookie[] = [];

  /** The cookie header this browser would send to `url`. */
  cookieFor(url: string): string {
    const u = new URL(url);
    return this.cookies
      .filter((c) => c.host === u.host && u.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.find((c) => c.host === host && c.name === name)?.value;
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const host = new URL(url).host;
    this.cookies = this.cookies.filter((c) => !(c.host === host && c.name === name && c.path === path));
    this.cookies.push({ host, name, value, path });
  }

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    const headers: Record<string, string> = {};
    const cookie = this.cookieFor(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = new URL(url).origin;
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(url, res.headers.getSetCookie());
    const location = res.headers.get('location');
    return { url, status: res.status, location: location ? new URL(location, url).toString() : null, text: await res.text(), headers: res.headers };
  }

  /** Follows redirects from `url` until one is not a redirect, or `stopAt` says stop before it. */
  async follow(url: string, stopAt: (next: string) => boolean = () => false): Promise<Hop> {
    let hop = await this.go(url);
    for (let i = 0; i < 20 && hop.location && hop.status >= 300 && hop.status < 400; i++) {
      if (stopAt(hop.location)) return hop;
      hop = await this.go(hop.location);
    }
    return hop;
  }

  private store(url: string, setCookies: string[]): void {
    const u = new URL(url);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const maxAge = attr('max-age');
      this.cookies = this.cookies.filter((c) => !(c.host === u.host && c.name === name && c.path === path));
      const gone = maxAge !== undefined ? Number(maxAge) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now();
      if (!gone && value !== '') this.cookies.push({ host: u.host, name, value, path });
    }
  }
}

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/blocks/names';
import { MessageType } from '../../shared/protocol';
import { waitFor } from './wait';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  fragment: Y.XmlFragment;
  destroy(): void;
}

/** The Origin a page of the server at `wsUrl` has (a browser sends it on every websocket upgrade). */
export const originOf = (wsUrl: string) => {
  const url = new URL(wsUrl);
  return `${url.protocol === 'wss:' ? 'https' : 'http'}://${url.host}`;
};

/** Upgrade headers as a browser on our page sends them: its Origin, and the session cookie. */
export const browserHeaders = (wsUrl: string, cookie?: string): Record<string, string> => ({
  origin: originOf(wsUrl),
  ...(cookie ? { cookie } : {}),
});

/** `ws` that sends a session cookie and our Origin, as a browser does on the upgrade request. */
export function socketWithCookie(cookie: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: browserHeaders(url, cookie) });
    }
  } as typeof WebSocket;
}

/** A stock y-websocket provider in Node, as the browser uses it. */
export function connectClient(
  wsUrl: string,
  documentId: string,
  options: { cookie: string; WebSocketPolyfill?: typeof WebSocket; connect?: boolean; doc?: Y.Doc },
): Client {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, documentId, doc, {
    WebSocketPolyfill: (options.WebSocketPolyfill ?? socketWithCookie(options.cookie)) as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
  });
  return {
    doc,
    provider,
    fragment: doc.getXmlFragment(CONTENT_FIELD),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function connectSynced(wsUrl: string, documentId: string, cookie: string): Promise<Client> {
  const client = connectClient(wsUrl, documentId, { cookie });
  await waitFor(() => client.provider.synced, 10_000, 'sync');
  return client;
}

/** Appends a paragraph with `text` to the Tiptap-shaped fragment. */
export function appendParagraph(fragment: Y.XmlFragment, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
}

export const fragmentText = (fragment: Y.XmlFragment) => fragment.toString();

/** A bare socket for speaking the protocol by hand (or failing to). */
export async function rawSocket(wsUrl: string, documentId: string, cookie?: string) {
  const ws = new WebSocket(`${wsUrl}/${documentId}`, { headers: browserHeaders(wsUrl, cookie) });
  const messages: Uint8Array[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SYNC);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function savedQueryFrame(nonce: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SAVED);
  encoding.writeVarUint(encoder, nonce);
  return encoding.toUint8Array(encoder);
}

export function readMessageType(message: Uint8Array): { type: number; decoder: decoding.Decoder } {
  const decoder = decoding.createDecoder(message);
  return { type: decoding.readVarUint(decoder), decoder };
}

/** After a test: its clients destroyed, then its server closed (flushing what they sent). */
export async function closeClientsAndServer(clients: Client[], server: { close(): Promise<void> } | null): Promise<void> {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
}

/**
 * Makes an edit as the person with `cookie` and returns once the server has stored it: a second
 * socket has received it, and the server only broadcasts what it has committed.
 */
export async function editAndWaitStored(wsUrl: string, documentId: string, cookie: string, edit: (fragment: Y.XmlFragment) => void): Promise<void> {
  const [writer, witness] = await Promise.all([connectSynced(wsUrl, documentId, cookie), connectSynced(wsUrl, documentId, cookie)]);
  try {
    edit(writer.fragment);
    const expected = writer.fragment.toString();
    await waitFor(() => witness.fragment.toString() === expected, 10_000, 'the edit to reach a second socket');
  } finally {
    writer.destroy();
    witness.destroy();
  }
}

let savedNonce = 0;

/**
 * Resolves once the server has stored everything this client sent so far: the same "saved"
 * confirmation the editor waits for before it says "Lagret" (MessageType.SAVED).
 */
export function whenStored(client: Client, timeoutMs = 10_000): Promise<void> {
  const nonce = ++savedNonce;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not confirm storing within ${timeoutMs} ms`)), timeoutMs);
    client.provider.messageHandlers[MessageType.SAVED] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) >= nonce) {
        clearTimeout(timer);
        resolve();
      }
    };
    client.provider.ws!.send(savedQueryFrame(nonce) as Uint8Array<ArrayBuffer>);
  });
}

/** Resolves once the server has handled every frame sent on `raw` so far (it answers in order). */
export async function whenHandled(raw: { ws: WebSocket; messages: Uint8Array[] }): Promise<void> {
  const nonce = ++savedNonce;
  raw.ws.send(savedQueryFrame(nonce));
  await waitFor(
    () => raw.messages.some((m) => {
      const { type, decoder } = readMessageType(m);
      return type === MessageType.SAVED && decoding.readVarUint(decoder) === nonce;
    }),
    10_000,
    'the server to handle what was sent',
  );
}

/** Resolves when the server refuses an edit from this client (a read-only socket). */
export function whenRefused(client: Client): Promise<string> {
  return new Promise((resolve) => {
    client.provider.messageHandlers[MessageType.AUTH] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      resolve(decoding.readVarString(decoder));
    };
  });
}

import * as prng from 'lib0/prng';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { anchoredRanges, encodeAnchor } from '../../client/comments/anchors';
import { resolveTextRange } from '../helpers/anchors';
import { MessageType } from '../../shared/protocol';
import type { Thread } from '../../shared/schemas/comments';
import { addMember, createDocument, type Session, teamLeader } from '../helpers/api';
import { type Client, connectClient, connectSynced, fragmentText, rawSocket, readMessageType, whenHandled, whenStored } from '../helpers/clients';
import { delayedSocketClass } from '../helpers/delayed-socket';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

let server: TestServer;
let leader: Session;
let teamId: string;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startTestServer({ env: { CHANGE_REPORT_MS: '30' } });
  ({ session: leader, teamId } = await teamLeader(server.url));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

const plain = (t: Y.XmlText) => (t.toDelta() as Array<{ insert: string }>).map((d) => d.insert).join('');
const letters = (s: string, re: RegExp) => (s.match(re) ?? []).join('');

/** A note whose first paragraph holds `text`; returns the document id. */
async function noteWith(text: string): Promise<{ id: string; writer: Client }> {
  const id = await createDocument(leader, teamId, 'note', 'Notat');
  const writer = await connectSynced(server.wsUrl, id, leader.cookie);
  clients.push(writer);
  writer.doc.transact(() => {
    writer.fragment.delete(0, writer.fragment.length);
    for (const line of [text, 'Et annet avsnitt 999']) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(line)]);
      writer.fragment.push([p]);
    }
  });
  return { id, writer };
}

const firstText = (c: Client) => (c.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;

async function commentOn(session: Session, documentId: string, text: Y.XmlText, from: number, to: number, body = 'Fin idé!') {
  const res = await session.post(`/api/documents/${documentId}/threads`, {
    anchorStart: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, from, -1)),
    anchorEnd: encodeAnchor(Y.createRelativePositionFromTypeIndex(text, to, -1)),
    quote: plain(text).slice(from, to),
    body,
  });
  expect(res.status).toBe(201);
  return res.json as unknown as Thread;
}

describe('comment anchors follow the text', () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}: concurrent edits before, inside and after the range never move it off its text`, async () => {
      const gen = prng.create(seed);
      const { id, writer } = await noteWith('0123ABCDEFGHIJ4567');
      const thread = await commentOn(leader, id, firstText(writer), 4, 14);
      expect(thread.quote).toBe('ABCDEFGHIJ');
      for (let i = 0; i < 3; i++) {
        const Delayed = delayedSocketClass(prng.create(seed * 7 + i), 20, leader.cookie);
        clients.push(connectClient(server.wsUrl, id, { cookie: leader.cookie, WebSocketPolyfill: Delayed as unknown as typeof WebSocket }));
      }
      const peers = clients.slice(1);
      await waitFor(() => peers.every((c) => c.provider.synced && fragmentText(c.fragment).includes('ABCDEF')));

      for (let step = 0; step < 150; step++) {
        const c = prng.oneOf(gen, peers);
        const text = firstText(c);
        const range = resolveTextRange(c.doc, thread.anchorStart, thread.anchorEnd)!;
        const len = text.length;
        const roll = prng.uint32(gen, 0, 99);
        if (roll < 25 && range.from > 0) text.insert(prng.uint32(gen, 0, range.from - 1), '<');
        else if (roll < 55 && range.to - range.from >= 2) text.insert(prng.uint32(gen, range.from + 1, range.to - 1), prng.oneOf(gen, ['x', 'y', 'z']));
        else if (roll < 80) text.insert(prng.uint32(gen, range.to, len), '>');
        else if (len > 2) {
          const at = prng.uint32(gen, 0, len - 2);
          text.delete(at, prng.uint32(gen, 1, Math.min(3, len - at)));
        }
        if (prng.uint32(gen, 0, 3) === 0) await yieldToEventLoop(prng.uint32(gen, 0, 8));
      }
      await waitFor(() => new Set(peers.map((c) => plain(firstText(c)))).size === 1 && peers.every((c) => c.provider.synced), 20_000, 'convergence');

      // The stored anchors, read back from the server, resolve identically for everyone.
      const stored = ((await leader.get(`/api/documents/${id}/threads`)).json.threads as Thread[])[0]!;
      const results = peers.map((c) => {
        const r = anchoredRanges(c.doc, [stored]).get(stored.id)!;
        return { all: plain(firstText(c)), inRange: r.orphaned ? '' : r.quote, orphaned: r.orphaned };
      });
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      const { all, inRange } = results[0]!;
      expect(inRange).not.toMatch(/[<>0-9]/);
      expect(letters(inRange, /[A-Z]/g)).toBe(letters(all, /[A-Z]/g));
      expect(letters(inRange, /[a-z]/g)).toBe(letters(all, /[a-z]/g));
      expect(all).toMatch(/[<>]/);
    });
  }

  it('shows a thread as orphaned, not lost, when its text is deleted', async () => {
    const { id, writer } = await noteWith('Vi tegner brøker');
    const thread = await commentOn(leader, id, firstText(writer), 3, 10);
    firstText(writer).delete(0, firstText(writer).length);
    await whenStored(writer);
    const fresh = await connectSynced(server.wsUrl, id, leader.cookie);
    clients.push(fresh);
    const stored = ((await leader.get(`/api/documents/${id}/threads`)).json.threads as Thread[])[0]!;
    expect(stored).toMatchObject({ id: thread.id, quote: 'tegner ' });
    expect(anchoredRanges(fresh.doc, [stored]).get(stored.id)).toEqual({ quote: '', orphaned: true });
  });
});

describe('who may comment', () => {
  it('lets guests comment but not touch others’ comments or threads; viewers cannot comment', async () => {
    const { id, writer } = await noteWith('Planen for timen');
    const guest = await addMember(leader, teamId, 'guest', 'Gro Gjest');
    const viewer = await addMember(leader, teamId, 'viewer', 'Vidar Leser');
    const leaders = await commentOn(leader, id, firstText(writer), 0, 6, 'Leders kommentar');
    const guests = await commentOn(guest, id, firstText(writer), 7, 16, 'Gjestens kommentar');
    const leaderComment = leaders.comments[0]!.id;

    expect((await guest.post(`/api/threads/${leaders.id}/comments`, { body: 'Svar fra gjest' })).status).toBe(201);
    expect((await guest.request('PATCH', `/api/threads/${leaders.id}/comments/${leaderComment}`, { body: 'Endret av gjest' })).status).toBe(403);
    expect((await guest.request('DELETE', `/api/threads/${leaders.id}/comments/${leaderComment}`)).status).toBe(403);
    expect((await guest.post(`/api/threads/${leaders.id}/resolve`, { resolved: true })).status).toBe(403);
    // A comment id from another thread does not open a back door.
    expect((await guest.request('PATCH', `/api/threads/${guests.id}/comments/${leaderComment}`, { body: 'x' })).status).toBe(404);
    expect((await guest.request('PATCH', `/api/threads/${guests.id}/comments/${guests.comments[0]!.id}`, { body: 'Rettet' })).status).toBe(200);
    expect((await guest.post(`/api/threads/${guests.id}/resolve`, { resolved: true })).status).toBe(200);

    const anchor = { anchorStart: leaders.anchorStart, anchorEnd: leaders.anchorEnd, quote: 'x', body: 'Leser prøver' };
    expect((await viewer.post(`/api/documents/${id}/threads`, anchor)).status).toBe(403);
    expect((await viewer.post(`/api/threads/${leaders.id}/comments`, { body: 'nei' })).status).toBe(403);
    const bad = await leader.post(`/api/documents/${id}/threads`, { ...anchor, anchorStart: '/w==' });
    expect(bad.status).toBe(400);

    const threads = (await leader.get(`/api/documents/${id}/threads`)).json.threads as Thread[];
    const first = threads.find((t) => t.id === leaders.id)!;
    expect(first.comments.map((c) => c.body)).toEqual(['Leders kommentar', 'Svar fra gjest']);
    expect(first.resolvedAt).toBeNull();
    expect(threads.find((t) => t.id === guests.id)!.resolvedAt).not.toBeNull();
  });
});

describe('what is new for me', () => {
  it('shows exactly the new thread as unread until it is read, and puts mentions and replies in the inbox', async () => {
    const { id, writer } = await noteWith('Observasjonsfokus');
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const old = await commentOn(mona, id, firstText(writer), 0, 5, 'Min egen tråd');
    await mona.post(`/api/documents/${id}/visit`);

    const fresh = await commentOn(leader, id, firstText(writer), 6, 12, 'Hva tenker du, @Mona?');
    const unread = async () =>
      ((await mona.get(`/api/documents/${id}/threads`)).json.threads as Thread[]).filter((t) => t.unread).map((t) => t.id);
    expect(await unread()).toEqual([fresh.id]);
    expect((await mona.get(`/api/documents/${id}/since`)).json).toMatchObject({ newThreads: 1 });
    expect((await mona.post(`/api/threads/${fresh.id}/read`)).status).toBe(204);
    expect(await unread()).toEqual([]);

    // A reply in Mona's thread is new to her, and lands in her inbox; so does a mention.
    const replied = await leader.post(`/api/threads/${old.id}/comments`, { body: 'Svar til Mona' });
    expect(replied.status).toBe(201);
    await leader.post(`/api/threads/${fresh.id}/comments`, { body: 'Se dette', mentions: [mona.user.id] });
    expect((await unread()).toSorted()).toEqual([old.id, fresh.id].toSorted());
    const inbox = (await mona.get('/api/inbox')).json.items as Array<{ kind: string; threadId: string; read: boolean }>;
    expect(inbox.map((i) => [i.kind, i.threadId, i.read])).toEqual([
      ['mention', fresh.id, false],
      ['reply', old.id, false],
    ]);
    await mona.post(`/api/threads/${old.id}/read`);
    expect(((await mona.get('/api/inbox')).json.items as Array<{ threadId: string; read: boolean }>).find((i) => i.threadId === old.id)!.read).toBe(true);
    // Replying reads a thread, and one's own comments are never new: nothing is unread for the leader.
    expect(((await leader.get(`/api/documents/${id}/threads`)).json.threads as Thread[]).filter((t) => t.unread)).toEqual([]);

    const feed = (await leader.get(`/api/teams/${teamId}/activity?verb=comment.created`)).json.activity as Array<{ actorName: string }>;
    expect(feed.map((a) => a.actorName).toSorted()).toEqual(['Lise Leder', 'Mona Medlem']);
    const byMona = (await leader.get(`/api/teams/${teamId}/activity?actor=${mona.user.id}`)).json.activity as Array<{ verb: string }>;
    expect(byMona.map((a) => a.verb)).toEqual(['comment.created', 'member.joined']);
    const overview = (await leader.get(`/api/teams/${teamId}/threads?status=open`)).json.threads as Array<{ id: string; commentCount: number }>;
    expect(overview.find((t) => t.id === fresh.id)!.commentCount).toBe(2);
  });

  it('tells the document’s live viewers when comments change', async () => {
    const { id, writer } = await noteWith('Tekst');
    const raw = await rawSocket(server.wsUrl, id, leader.cookie);
    await waitFor(() => raw.messages.length > 0);
    raw.ws.send(new Uint8Array([MessageType.COMMENTS]));
    await whenHandled(raw);
    const thread = await commentOn(leader, id, firstText(writer), 0, 3);
    const note = await waitFor(() => raw.messages.map(readMessageType).find((m) => m.type === MessageType.COMMENTS));
    expect(new TextDecoder().decode(note.decoder.arr.subarray(note.decoder.pos + 1))).toBe(thread.id);
    raw.ws.close();
  });
});

describe('versions', () => {
  it('names a version, compares it with later edits, and restores it live for everyone', async () => {
    const { id, writer } = await noteWith('Elevene tegner brøker før de regner');
    const other = await connectSynced(server.wsUrl, id, leader.cookie);
    clients.push(other);
    await waitFor(() => fragmentText(other.fragment) === fragmentText(writer.fragment));
    const named = fragmentText(writer.fragment);
    const v = await leader.post(`/api/documents/${id}/versions`, { name: 'før forskningstime 1' });
    expect(v.status).toBe(201);

    writer.doc.transact(() => {
      firstText(writer).delete(0, 'Elevene '.length);
      firstText(writer).insert(0, 'Alle elever ');
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText('Nytt avsnitt etter timen')]);
      writer.fragment.push([p]);
    });
    // The other client has it: the server applied it (and a compare reads the server's copy).
    await waitFor(() => fragmentText(other.fragment).includes('Nytt avsnitt'));

    const cmp = (await leader.get(`/api/documents/${id}/compare?from=${v.json.id}&to=current`)).json as {
      doc: { content: Array<{ content?: Array<{ text: string; marks?: Array<{ type: string }> }> }> };
      added: number;
      removed: number;
    };
    const marked = (mark: string) =>
      cmp.doc.content
        .flatMap((b) => b.content ?? [])
        .filter((t) => t.marks?.some((m) => m.type === mark))
        .map((t) => t.text.trim())
        .filter(Boolean);
    expect(marked('diffDelete')).toEqual(['Elevene']);
    expect(marked('diffInsert')).toEqual(['Alle elever', 'Nytt avsnitt etter timen']);
    expect(cmp.added).toBe(6);
    expect(cmp.removed).toBe(1);

    expect((await leader.post(`/api/documents/${id}/versions/${v.json.id}/restore`)).status).toBe(204);
    for (const c of [writer, other]) await waitFor(() => fragmentText(c.fragment) === named, 5000, 'restored content');
    const late = await connectSynced(server.wsUrl, id, leader.cookie);
    clients.push(late);
    expect(fragmentText(late.fragment)).toBe(named);
    const versions = (await leader.get(`/api/documents/${id}/versions`)).json.versions as Array<{ name: string; auto: boolean; bytes: number }>;
    expect(versions.map((x) => [x.name, x.auto])).toEqual([
      ['restore:before', true],
      ['før forskningstime 1', false],
    ]);
    expect(versions.every((x) => x.bytes > 0 && x.bytes < 2000)).toBe(true);
    const activity = (await leader.get(`/api/teams/${teamId}/activity?documentId=${id}`)).json.activity as Array<{ verb: string }>;
    expect(activity.map((a) => a.verb)).toContain('version.restored');
  });

  it('keeps an automatic version at each phase change, without duplicates', async () => {
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
    await leader.request('PATCH', `/api/cycles/${cycleId}`, { phase: 'observe' });
    await leader.request('PATCH', `/api/cycles/${cycleId}`, { phase: 'reflect' });
    const versions = (await leader.get(`/api/documents/${planId}/versions`)).json.versions as Array<{ name: string; auto: boolean }>;
    expect(versions).toEqual([expect.objectContaining({ name: 'phase:plan:1', auto: true })]);
  });
});

import { Channel, InteractionRecord, metadataOf } from '../model';

export interface PlaybackSegment {
  interactionId: string;
  channel: Channel;
  recordingUri: string | null;
  transcriptUri: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface Playback {
  ready: boolean;
  segments: PlaybackSegment[];
}

const uri = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The playback manifest of a thread, from each interaction's metadata (recordingUri,
 * transcriptUri), in the order given (TREE order). Only interactions with a recording or a
 * transcript make a segment: one with neither has nothing to play. Not ready while any
 * interaction of the thread is live, even one without media, since its recording may yet appear.
 */
export function playbackOf(tree: readonly InteractionRecord[]): Playback {
  const segments = tree.flatMap((i) => {
    const metadata = metadataOf(i);
    const recordingUri = uri(metadata?.recordingUri);
    const transcriptUri = uri(metadata?.transcriptUri);
    if (!recordingUri && !transcriptUri) return [];
    return [{ interactionId: i.id, channel: i.type, recordingUri, transcriptUri, startedAt: i.startedAt, endedAt: i.endedAt }];
  });
  return { ready: tree.length > 0 && tree.every((i) => Boolean(i.endedAt)), segments };
}

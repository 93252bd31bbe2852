/** Media: volume and playback. */
import { done, n, type Effect, type EffectTable } from './effect';

const volumeStep: Effect = ({ name, state: { vehicle_state: vs } }) => {
  const info = vs.media_info as { audio_volume?: number; audio_volume_increment?: number; audio_volume_max?: number };
  const step = (info.audio_volume_increment ?? 0.333) * (name.endsWith('up') ? 1 : -1);
  const volume = Math.min(info.audio_volume_max ?? 11, Math.max(0, (info.audio_volume ?? 0) + step));
  return done({ vehicle_state: { media_info: { audio_volume: Math.round(volume * 1000) / 1000 } } });
};

const mediaAction: Effect = ({ name }) => done({ vehicle_state: { media_info: { last_media_action: name } } });

export const mediaEffects: EffectTable = {
  adjust_volume: ({ params: p }) => done({ vehicle_state: { media_info: { audio_volume: n(p, 'volume') } } }),
  media_volume_up: volumeStep,
  media_volume_down: volumeStep,
  media_toggle_playback: ({ state: { vehicle_state: vs } }) =>
    done({
      vehicle_state: {
        media_info: { media_playback_status: (vs.media_info as { media_playback_status?: string }).media_playback_status === 'Playing' ? 'Paused' : 'Playing' },
      },
    }),
  media_next_track: mediaAction,
  media_prev_track: mediaAction,
  media_next_fav: mediaAction,
  media_prev_fav: mediaAction,
};

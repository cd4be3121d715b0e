"""Synthetic audio: a sine tone as 16-bit mono PCM or WAV, and the length of a WAV file."""

from __future__ import annotations

import io
import math
import struct
import wave

SAMPLE_RATE = 24000  # Azure's realtime and audio models speak 24 kHz 16-bit mono PCM


def tone_wav(seconds: float = 0.25, frequency: float = 440.0, rate: int = SAMPLE_RATE) -> bytes:
    """A sine tone as a 16-bit mono WAV file."""
    return pcm_to_wav(tone_pcm(seconds, frequency, rate), rate)


def tone_pcm(seconds: float = 0.25, frequency: float = 440.0, rate: int = SAMPLE_RATE) -> bytes:
    """A sine tone as 16-bit mono PCM samples."""
    frames = int(seconds * rate)
    return b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * frequency * i / rate)))
                    for i in range(frames))


def pcm_to_wav(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM samples wrapped as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def wav_seconds(data: bytes) -> float | None:
    """The duration of a WAV file, or None when ``data`` is not one."""
    try:
        with wave.open(io.BytesIO(data), "rb") as audio:
            return audio.getnframes() / float(audio.getframerate() or 1)
    except (wave.Error, EOFError):
        return None

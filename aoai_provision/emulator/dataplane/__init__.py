"""The accounts' data plane (inference endpoints): chat, embeddings, audio, transcription, realtime sessions."""

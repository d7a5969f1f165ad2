package dev.yolojava.api;

/**
 * Where a video result's frame came from.
 *
 * @param stream the source's index among those predicted on together (0 for a single video)
 * @param source the source as named (a path, a URL, a camera index)
 * @param index the frame's index in the source, from 0, counting every frame the source had (with
 *     {@code vid_stride} N only every Nth is predicted on)
 * @param frames how many of the source's frames are predicted on: the count it declares, divided by
 *     {@code vid_stride} (-1 when unknown: live sources)
 * @param timestampMicros the frame's presentation time in microseconds (0 when the source has none)
 * @param fps the frames per second the source declares (0 when unknown)
 */
public record VideoFrame(int stream, String source, long index, long frames, long timestampMicros, double fps) {}

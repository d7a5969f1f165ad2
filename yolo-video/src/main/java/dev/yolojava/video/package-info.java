/**
 * Video files, cameras and network streams for {@code Yolo.predict} and {@code Yolo.stream}, and annotated video
 * output, through FFmpeg (JavaCV). Put this module on the class path; yolo-api finds it through
 * {@link java.util.ServiceLoader} ({@link dev.yolojava.api.VideoIo}).
 */
package dev.yolojava.video;

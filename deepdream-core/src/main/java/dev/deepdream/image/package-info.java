/**
 * Pictures in and out: {@link dev.deepdream.image.ImageFiles} decodes PNG, JPEG, BMP, GIF and WebP
 * (EXIF orientation honoured, every header-driven allocation bounded before decoding) and writes
 * PNG with the dream's settings as text metadata, or JPEG, always through a temporary file;
 * {@link dev.deepdream.image.Picture} is 8-bit RGB (plus alpha) and
 * {@link dev.deepdream.image.FloatImage} the CHW floats a network reads; resizing, colours and
 * picture references by hash ({@link dev.deepdream.image.ImageRef}) complete it. Operations never
 * change their input.
 */
package dev.deepdream.image;

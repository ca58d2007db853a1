/**
 * Every dream setting declared once ({@link dev.deepdream.settings.Param} in
 * {@link dev.deepdream.settings.DreamParams}): its name, kind, range or choices, default and help,
 * how its text applies to a config and how it is read back. The CLI's options, the web API and
 * page, PNG metadata and job records all come from that list through
 * {@link dev.deepdream.settings.SettingsCodec}, which also marks in a record the parts of a dream
 * its settings cannot make again.
 */
package dev.deepdream.settings;

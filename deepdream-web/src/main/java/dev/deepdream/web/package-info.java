/**
 * The local web UI of {@code deepdream serve}: a page and its JSON API (see the README's "Web UI"
 * and "JSON API"). Its public surface is {@link dev.deepdream.web.WebServer} and the
 * {@link dev.deepdream.web.ServerSettings} it starts with; the rest is package-private, in five
 * parts.
 *
 * <ul>
 *   <li><b>The server.</b> {@code WebServer} puts the parts together and holds the route table;
 *       {@code AccessGuard} and {@code HostNames} decide who may call it; {@code JobRoutes} answers
 *       for queued jobs (state, result, frame, thumbnail, cancel, delete, event stream);
 *       {@code BatchPictures} for a batch's dreams one by one; {@code AtlasRoutes} for the server's
 *       atlases ({@code Atlases}: their folders); {@code Thumbnails} makes and caches the
 *       gallery's small pictures; {@code Catalog} gives what the page builds its controls from;
 *       {@code Replies} writes the JSON replies and errors.
 *   <li><b>Jobs as they arrive.</b> {@code PhotoUploads}, {@code VideoUploads} and
 *       {@code BatchUploads} (and {@code AtlasRequests}, with {@code AtlasSettings}) check a new job
 *       of their kind against its limits
 *       ({@code UploadLimits}, {@code ComputeBudget}) before it is queued; {@code JobForm} reads the
 *       dream settings of every kind's form, {@code BatchZip} unpacks a batch's zip safely and packs
 *       its result, {@code FileFormats} names an upload's file from its first bytes.
 *   <li><b>The queue.</b> {@code JobQueue} holds the jobs and runs them one at a time;
 *       {@code JobRecorder} saves each change of a job's state and tells its subscribers;
 *       {@code JobEvents} is the server-sent events; {@code JobStore} is the files of each job;
 *       {@code DataLimit} keeps the data folder under its size.
 *   <li><b>The runs.</b> {@code JobRun}, one per kind: {@code PhotoRun}, {@code VideoRun},
 *       {@code BatchRun}, {@code AtlasRun}, each the code that runs that kind of job on the queue's
 *       worker.
 *   <li><b>The data.</b> {@code Job} is one job and its state; {@code ServerSettings} the server's
 *       settings, grouped by what they limit.
 * </ul>
 *
 * <p>Dependencies point one way: {@code WebServer} creates the parts and hands each what it needs;
 * no part reaches back into {@code WebServer}.
 */
package dev.deepdream.web;

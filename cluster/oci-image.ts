// A one-layer OCI image archive made from local files, for `ctr images import`:
// how the node gets its sandbox stand-in without a registry or a Docker daemon.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OciImageInput {
  /** Image name containerd records, e.g. `example.local/pause:1`. */
  readonly name: string;
  /** Files of the single layer: path inside the image (no leading slash) → file on this machine. */
  readonly files: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[];
}

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

const digestOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Writes the archive (an OCI image layout in a tar) into `workDir` and returns its path. */
export function writeOciArchive(input: OciImageInput, workDir: string): string {
  const dir = mkdtempSync(join(workDir, 'oci-'));
  try {
    const rootfs = join(dir, 'rootfs');
    for (const [inside, source] of Object.entries(input.files)) {
      mkdirSync(join(rootfs, inside, '..'), { recursive: true });
      copyFileSync(source, join(rootfs, inside));
    }
    const layerPath = join(dir, 'layer.tar');
    execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', layerPath, ...Object.keys(input.files)]);
    const layer = readFileSync(layerPath);
    const config = Buffer.from(
      JSON.stringify({
        architecture: GOARCH[process.arch] ?? process.arch,
        os: 'linux',
        config: { Entrypoint: input.entrypoint },
        rootfs: { type: 'layers', diff_ids: [digestOf(layer)] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }],
      }),
    );
    const layout = join(dir, 'layout');
    mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
    for (const blob of [layer, config, manifest]) writeFileSync(join(layout, 'blobs', 'sha256', digestOf(blob).slice(7)), blob);
    writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: digestOf(manifest),
            size: manifest.length,
            annotations: {
              'io.containerd.image.name': input.name,
              'org.opencontainers.image.ref.name': input.name.split(':').pop() ?? 'latest',
            },
          },
        ],
      }),
    );
    const archive = join(workDir, 'image.oci.tar');
    execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', layout, '-cf', archive, '.']);
    return archive;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

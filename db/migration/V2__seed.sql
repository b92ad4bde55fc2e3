-- The templates and handlers of the original design. Their documents are in the normalised flat form
-- that the server stores; placeholders and handler_names are what the server derives when saving
-- (a test checks that they agree).

INSERT INTO job_templates (name, description, category, job_document, placeholders, handler_names, created_by) VALUES
('restart-service', 'Restart a systemd service', 'system',
 '{"version": "1.0", "includeStdOut": false, "steps": [
    {"name": "Restart Service", "type": "runCommand",
     "input": {"command": "systemctl,restart,{{SERVICE_NAME}}"}, "runAsUser": "root", "ignoreStepFailure": false}]}',
 '{SERVICE_NAME}', '{}', 'system'),
('update-config', 'Back up a configuration file, download a new one and restart the service', 'system',
 '{"version": "1.0", "includeStdOut": false, "steps": [
    {"name": "Backup Config", "type": "runCommand",
     "input": {"command": "cp,{{CONFIG_PATH}},{{CONFIG_PATH}}.backup"}, "ignoreStepFailure": false},
    {"name": "Download New Config", "type": "runHandler",
     "input": {"handler": "download-file", "args": ["{{CONFIG_URL}}", "{{CONFIG_PATH}}"]}, "ignoreStepFailure": false}],
   "finalStep":
    {"name": "Restart Service", "type": "runCommand",
     "input": {"command": "systemctl,restart,{{SERVICE_NAME}}"}, "runAsUser": "root", "ignoreStepFailure": false}}',
 '{CONFIG_PATH,CONFIG_URL,SERVICE_NAME}', '{download-file}', 'system'),
('health-check', 'Report disk, memory and the state of a service', 'maintenance',
 '{"version": "1.0", "includeStdOut": true, "steps": [
    {"name": "Check Disk Space", "type": "runCommand", "input": {"command": "df,-h"}, "ignoreStepFailure": false},
    {"name": "Check Memory", "type": "runCommand", "input": {"command": "free,-h"}, "ignoreStepFailure": false},
    {"name": "Check Service", "type": "runCommand",
     "input": {"command": "systemctl,is-active,{{SERVICE_NAME}}"}, "ignoreStepFailure": false}]}',
 '{SERVICE_NAME}', '{}', 'system');

-- Handlers receive exactly the step's args as positional parameters.
INSERT INTO job_handlers (name, description, script_type, script, script_sha256)
SELECT name, description, 'bash', script, encode(sha256(convert_to(script, 'UTF8')), 'hex')
FROM (VALUES
('download-file', 'Download a URL ($1) to a file ($2); fails on HTTP errors',
$script$#!/bin/bash
# download-file URL PATH: fetch URL into PATH atomically; fail on any HTTP error.
set -euo pipefail
if [ "$#" -ne 2 ]; then
  echo "usage: download-file URL PATH" >&2
  exit 64
fi
url="$1"
dest="$2"
tmp="$(mktemp "${dest}.XXXXXX")"
trap 'rm -f -- "$tmp"' EXIT
curl --fail --silent --show-error --location --retry 3 --output "$tmp" -- "$url"
mv -f -- "$tmp" "$dest"
trap - EXIT
echo "downloaded $url to $dest"
$script$),
('backup-directory', 'Archive a directory ($1) into /var/backups/$2.tar.gz',
$script$#!/bin/bash
# backup-directory DIR NAME: tar DIR into /var/backups/NAME.tar.gz.
set -euo pipefail
if [ "$#" -ne 2 ]; then
  echo "usage: backup-directory DIR NAME" >&2
  exit 64
fi
src="$1"
name="$2"
case "$name" in
  ''|*/*|.*) echo "backup-directory: invalid backup name: $name" >&2; exit 64 ;;
esac
if [ ! -d "$src" ]; then
  echo "backup-directory: not a directory: $src" >&2
  exit 66
fi
mkdir -p /var/backups
tar -czf "/var/backups/${name}.tar.gz" -C "$src" .
echo "backed up $src to /var/backups/${name}.tar.gz"
$script$)
) AS seed (name, description, script);

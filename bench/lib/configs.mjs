// Configuration files for the baselines: docker-registry (open, or with htpasswd) and nginx.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function registryConfig(file, port, storage, htpasswd) {
  const auth = htpasswd ? `auth:\n  htpasswd:\n    realm: bench\n    path: ${htpasswd}\n` : '';
  fs.writeFileSync(
    file,
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}\n${auth}`,
  );
}

/** nginx as Harbor puts it before its registry: one hop, no buffering either way. */
export function nginxConfig(dir, port, registryPort) {
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    file,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream registry { server 127.0.0.1:${registryPort}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 0;
    location /v2/ {
      proxy_pass http://registry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 900s;
      proxy_send_timeout 900s;
    }
  }
}
`,
  );
  return file;
}

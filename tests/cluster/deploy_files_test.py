#!/usr/bin/env python3
"""The Compose file and the Kubernetes manifests, read back by a YAML parser (python3-yaml)
and checked for the fields the drain and the cluster depend on (docs/operations.md).
Written, not run: there is no container engine here, so this is what can be proven.
  python3 tests/cluster/deploy_files_test.py deploy/"""
import os
import sys

import yaml

deploy = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../deploy")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


# --- Compose ---------------------------------------------------------------------------
with open(os.path.join(deploy, "compose.yaml")) as f:
    compose = yaml.safe_load(f)
svc = compose["services"]
redis_cmd = " ".join(svc["redis"]["command"])
check("--appendonly yes" in redis_cmd and "--appendfsync always" in redis_cmd,
      "compose: Redis without AOF fsync always")
instances = [n for n in svc if n.startswith("huiwu-")]
check(len(instances) == 3, f"compose: {len(instances)} instances, want 3")
for n in instances:
    s = svc[n]
    check(s["environment"]["HUIWU_REDIS"] == "redis:6379", f"compose {n}: HUIWU_REDIS")
    check(int(s["environment"]["HUIWU_DRAIN_MS"]) > 0, f"compose {n}: HUIWU_DRAIN_MS")
    grace = int(str(s["stop_grace_period"]).rstrip("s"))
    check(grace * 1000 > int(s["environment"]["HUIWU_DRAIN_MS"]),
          f"compose {n}: stop_grace_period not above the drain")
    check(s["stop_signal"] == "SIGTERM", f"compose {n}: stop_signal")
    check("/healthz" in " ".join(s["healthcheck"]["test"]), f"compose {n}: healthcheck on /healthz")
    check(s["depends_on"]["redis"]["condition"] == "service_healthy", f"compose {n}: waits for Redis")
    check(any(v.startswith("materials:") for v in s["volumes"]), f"compose {n}: shared materials")
check(set(svc["nginx"]["depends_on"]) == set(instances), "compose: nginx depends on every instance")
nginx_conf_path = os.path.join(deploy, svc["nginx"]["volumes"][0].split(":")[0])
with open(nginx_conf_path) as f:
    nginx_conf = f.read()
for n in instances:
    check(f"server {n}:8080" in nginx_conf, f"compose nginx: no upstream {n}")
check("proxy_set_header Upgrade $http_upgrade" in nginx_conf, "compose nginx: no WebSocket upgrade")
check("http_503" in nginx_conf, "compose nginx: a draining instance's 503 is not retried elsewhere")
trusted = svc["huiwu-1"]["environment"]["HUIWU_TRUSTED_PROXIES"]
check(svc["nginx"]["networks"]["default"]["ipv4_address"] == trusted,
      "compose: the trusted proxy is not nginx's address")

# --- Kubernetes ------------------------------------------------------------------------
docs = []
for name in sorted(os.listdir(os.path.join(deploy, "k8s"))):
    if name.endswith(".yaml"):
        with open(os.path.join(deploy, "k8s", name)) as f:
            docs += [d for d in yaml.safe_load_all(f) if d]
by_kind = {}
for d in docs:
    check("apiVersion" in d and "kind" in d and "name" in d.get("metadata", {}),
          f"k8s: a document without apiVersion/kind/name: {d}")
    by_kind.setdefault(d["kind"], []).append(d)

dep = by_kind["Deployment"][0]
check(dep["spec"]["replicas"] >= 3, "k8s Deployment: fewer than 3 replicas")
check(dep["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, "k8s Deployment: maxUnavailable")
pod = dep["spec"]["template"]["spec"]
c = pod["containers"][0]
env = env_of(c)
ports = {p["name"]: p["containerPort"] for p in c["ports"]}
check(c["readinessProbe"]["httpGet"]["path"] == "/healthz", "k8s: readiness not on /healthz")
check(c["readinessProbe"]["httpGet"]["port"] == "metrics" and
      env["HUIWU_METRICS_LISTEN"].endswith(":%d" % ports["metrics"]),
      "k8s: readiness not on the metrics port (which stays up during the drain)")
check("livenessProbe" in c and c["livenessProbe"]["httpGet"]["path"] != "/healthz",
      "k8s: liveness missing, or on /healthz (a Redis outage would restart every pod)")
drain_ms = int(env["HUIWU_DRAIN_MS"])
pre_stop = c["lifecycle"]["preStop"]["exec"]["command"]
check(pre_stop[0] == "sleep", "k8s: no preStop pause")
check(pod["terminationGracePeriodSeconds"] * 1000 > drain_ms + int(pre_stop[1]) * 1000,
      "k8s: terminationGracePeriodSeconds does not cover preStop + drain")
check(env["HUIWU_LISTEN"].endswith(":%d" % ports["http"]), "k8s: HUIWU_LISTEN port")
redis_sts = [s for s in by_kind["StatefulSet"] if s["metadata"]["name"] == "huiwu-redis"][0]
check(env["HUIWU_REDIS"].startswith(redis_sts["metadata"]["name"] + "-0." + redis_sts["spec"]["serviceName"]),
      "k8s: HUIWU_REDIS does not name the StatefulSet's pod")
rargs = " ".join(redis_sts["spec"]["template"]["spec"]["containers"][0]["args"])
check("--appendonly yes" in rargs and "--appendfsync always" in rargs, "k8s Redis: AOF fsync always")
check(redis_sts["spec"]["volumeClaimTemplates"], "k8s Redis: no persistent volume")
pdb = by_kind["PodDisruptionBudget"][0]
check(pdb["spec"]["selector"]["matchLabels"] == dep["spec"]["selector"]["matchLabels"],
      "k8s PDB: selects other pods")
check(0 < pdb["spec"]["minAvailable"] < dep["spec"]["replicas"], "k8s PDB: minAvailable blocks every drain")
services = {s["metadata"]["name"]: s for s in by_kind["Service"]}
check(services["huiwu"]["spec"]["selector"] == dep["spec"]["selector"]["matchLabels"],
      "k8s Service: selects other pods")
ing = by_kind["Ingress"][0]
ann = ing["metadata"]["annotations"]
check(int(ann["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > 15, "k8s Ingress: read timeout under the ping")
check(int(ann["nginx.ingress.kubernetes.io/proxy-send-timeout"]) > 15, "k8s Ingress: send timeout")
check("http_503" in ann["nginx.ingress.kubernetes.io/proxy-next-upstream"], "k8s Ingress: 503 not retried")
backend = ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
check(backend["name"] == "huiwu" and backend["port"]["name"] in
      [p["name"] for p in services["huiwu"]["spec"]["ports"]], "k8s Ingress: backend")
claims = {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]}
pvcs = {p["metadata"]["name"]: p for p in by_kind["PersistentVolumeClaim"]}
check(claims <= set(pvcs) and all("ReadWriteMany" in pvcs[n]["spec"]["accessModes"] for n in claims),
      "k8s: materials not on a ReadWriteMany claim")

if failures:
    for f in failures:
        print("FAIL:", f)
    sys.exit(1)
print(f"deploy files: compose ({len(svc)} services) and {len(docs)} Kubernetes documents check out")

//! Talking to the cluster: JSON over plain HTTP with `ureq` (blocking, like kavosh's
//! commands, and no TLS stack: the cluster is reached on a trusted network, as the local
//! one on 127.0.0.1). Every failure becomes [`Error::Cluster`], naming the cluster and
//! what it said; nothing here panics on an answer.

use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, Result};

/// How long one request may take before the cluster counts as too slow: a bulk request
/// of [`super::store::BULK_BYTES`] into three small nodes takes a few seconds.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// One OpenSearch cluster, by the URL of any of its nodes.
pub struct Client {
    agent: ureq::Agent,
    url: String,
}

impl Client {
    pub fn new(url: &str) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build();
        Client {
            agent,
            url: url.trim_end_matches('/').to_string(),
        }
    }

    /// The cluster's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// An error about this cluster.
    pub fn error(&self, reason: impl Into<String>) -> Error {
        Error::Cluster {
            url: self.url.clone(),
            reason: reason.into(),
        }
    }

    /// `method path` with a JSON body (or none); the answer, or `None` for a 404.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Option<Value>> {
        let request = self.agent.request(method, &format!("{}{path}", self.url));
        let sent = match body {
            Some(body) => request.send_json(body),
            None => request.call(),
        };
        self.answer(method, path, sent)
    }

    /// Like [`Client::call`], with a 404 an error.
    pub fn expect(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        self.call(method, path, body)?
            .ok_or_else(|| self.error(format!("{method} {path}: not found")))
    }

    /// Sends newline-delimited JSON (the bulk API's body).
    pub fn ndjson(&self, path: &str, body: &str) -> Result<Value> {
        let sent = self
            .agent
            .post(&format!("{}{path}", self.url))
            .set("Content-Type", "application/x-ndjson")
            .send_string(body);
        self.answer("POST", path, sent)?
            .ok_or_else(|| self.error(format!("POST {path}: not found")))
    }

    fn answer(
        &self,
        method: &str,
        path: &str,
        sent: std::result::Result<ureq::Response, ureq::Error>,
    ) -> Result<Option<Value>> {
        match sent {
            Ok(response) => response.into_json().map(Some).map_err(|error| {
                self.error(format!("{method} {path}: unreadable answer: {error}"))
            }),
            Err(ureq::Error::Status(404, _)) => Ok(None),
            Err(ureq::Error::Status(status, response)) => {
                let said: Value = response.into_json().unwrap_or_default();
                let reason = said["error"]["reason"]
                    .as_str()
                    .map_or_else(|| said["error"].to_string(), str::to_string);
                Err(self.error(format!("{method} {path}: {status} {reason}")))
            }
            Err(ureq::Error::Transport(transport)) => {
                Err(self.error(format!("{method} {path}: {transport}")))
            }
        }
    }

    /// Fails unless the cluster answers and is not red (some primary shard lost: an
    /// answer would be partial).
    pub fn check_health(&self) -> Result<()> {
        let health = self.expect("GET", "/_cluster/health", None)?;
        match health["status"].as_str() {
            Some("green" | "yellow") => Ok(()),
            status => Err(self.error(format!(
                "the cluster is {}: some of its shards are lost",
                status.unwrap_or("in an unknown state")
            ))),
        }
    }
}

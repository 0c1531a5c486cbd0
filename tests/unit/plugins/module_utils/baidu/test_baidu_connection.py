# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.connection import BaiduConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError

IKE = {"version": "v1", "mode": "main", "encryption_algorithm": "aes", "authentication_algorithm": "sha1",
       "dh_group": "group2", "lifetime_seconds": 28800}
IPSEC = {"encryption_algorithm": "aes", "authentication_algorithm": "sha1", "pfs": "group2", "lifetime_seconds": 3600}
DESIRED = {"name": "office", "vpn_gateway_id": "vpn-1", "pre_shared_key": "ddd22@www", "local_subnets": ["10.0.0.0/16"],
           "remote_subnets": ["192.168.0.0/24"], "remote_ip": "198.51.100.1", "ike": IKE, "ipsec": IPSEC}


def raw(connection_id, name="office", gateway="vpn-1", status="active"):
    return {"vpnConnId": connection_id, "vpnConnName": name, "vpnId": gateway, "status": status,
            "secretKey": "ddd22@www", "localSubnets": ["10.0.0.0/16"], "remoteIp": "198.51.100.1",
            "remoteSubnets": ["192.168.0.0/24"], "description": "",
            "ikeConfig": {"ikeVersion": "v1", "ikeMode": "main", "ikeEncAlg": "aes", "ikeAuthAlg": "sha1",
                          "ikePfs": "group2", "ikeLifeTime": "28800s"},
            "ipsecConfig": {"ipsecEncAlg": "aes", "ipsecAuthAlg": "sha1", "ipsecPfs": "group2",
                            "ipsecLifetime": "3600s"}}


class FakeHttp:
    def __init__(self):
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)


class FakeClient:
    """Records calls; ``failures`` are errors raised by the next writes, in order."""

    def __init__(self, tunnels=None, failures=()):
        self.http = FakeHttp()
        self.tunnels = tunnels or {}
        self.failures = list(failures)
        self.calls = []

    def list_vpn_connections(self, gateway):
        self.calls.append(("list", gateway))
        return list(self.tunnels.get(gateway, []))

    def _write(self, *call):
        self.calls.append(call)
        if self.failures:
            raise self.failures.pop(0)

    def create_vpn_connection(self, gateway, body, token):
        self._write("create", gateway, body, token)
        return {"vpnConnId": "vpnconn-new"}

    def update_vpn_connection(self, connection_id, body, token):
        self._write("update", connection_id, body, token)
        return {}

    def delete_vpn_connection(self, connection_id, token):
        self._write("delete", connection_id, token)
        return {}


def lost():
    return ProviderError("HTTP 502", "bad gateway", http_status=502)


def test_find_by_id_and_by_name_search_the_gateway():
    client = FakeClient({"vpn-1": [raw("vpnconn-a"), raw("vpnconn-b", name="other")]})
    assert BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1", "id": "vpnconn-b"}).find()["vpnConnName"] == "other"
    assert BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1", "name": "office"}).find()["vpnConnId"] == "vpnconn-a"
    assert BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1", "id": "vpnconn-z"}).find() is None
    assert client.calls == [("list", "vpn-1")] * 3


def test_two_tunnels_with_the_name_are_an_error_listing_both():
    client = FakeClient({"vpn-1": [raw("vpnconn-b"), raw("vpnconn-a")]})
    with pytest.raises(ResourceConflictError) as caught:
        BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1", "name": "office"}).find()
    assert "vpnconn-a, vpnconn-b" in str(caught.value)


def test_without_a_gateway_nothing_is_asked():
    client = FakeClient()
    with pytest.raises(ResourceConflictError) as caught:
        BaiduConnectionAdapter(client, {"id": "vpnconn-a"}).find()
    assert "vpn_gateway_id" in str(caught.value) and client.calls == []


def test_read_lists_the_gateway_the_tunnel_was_seen_in():
    client = FakeClient({"vpn-1": [raw("vpnconn-a")], "vpn-2": []})
    adapter = BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-2", "id": "vpnconn-a"})
    adapter._list("vpn-1")
    assert adapter.read("vpnconn-a")["vpnConnId"] == "vpnconn-a"
    assert client.calls[-1] == ("list", "vpn-1")


@pytest.mark.parametrize("status, settled", [("active", True), ("ACTIVE", True), ("building", False),
                                             ("configuring", False), ("deleting", False), ("down", True),
                                             (None, False), ("", False)])
def test_settled_statuses(status, settled):
    assert BaiduConnectionAdapter(FakeClient(), {}).is_settled({"status": status}) is settled


def test_update_sends_the_whole_tunnel_with_the_changes():
    client = FakeClient()
    adapter = BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1"})
    adapter.update(raw("vpnconn-a"), {"description": "new"}, token="tok")
    kind, connection_id, body, token = client.calls[0]
    assert (kind, connection_id, token) == ("update", "vpnconn-a", "tok")
    assert body["description"] == "new" and body["secretKey"] == "ddd22@www" and body["vpnId"] == "vpn-1"
    assert body["ikeConfig"]["ikeLifeTime"] == 28800 and body["ipsecConfig"]["ipsecLifetime"] == 3600


def test_a_lost_answer_goes_back_to_the_engine_after_one_send_with_its_token():
    # The engine reads before it resends (reconcile.py): the adapter never resends by itself.
    client = FakeClient(failures=[lost()])
    with pytest.raises(ProviderError) as caught:
        BaiduConnectionAdapter(client, {}).create(dict(DESIRED), token="engine-token")
    assert caught.value.answer_lost
    assert [call[0] for call in client.calls] == ["create"] and client.calls[0][3] == "engine-token"
    assert client.http.slept == []


def test_every_write_sends_the_engine_token_as_is():
    client = FakeClient({"vpn-1": [raw("vpnconn-a")]})
    adapter = BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1"})
    assert adapter.create(dict(DESIRED), "t-create") == {"vpnConnId": "vpnconn-new", "vpnId": "vpn-1"}
    adapter.update(raw("vpnconn-a"), {"description": "x"}, "t-update")
    adapter.delete(raw("vpnconn-a"), "t-delete")
    assert [(call[0], call[-1]) for call in client.calls] == [
        ("create", "t-create"), ("update", "t-update"), ("delete", "t-delete")]


def test_update_answers_that_the_tunnel_is_being_configured():
    # The PUT's answer has no body: a run with wait: false must not report the status read before it.
    answer = BaiduConnectionAdapter(FakeClient(), {}).update(raw("vpnconn-a"), {"description": "x"}, "t")
    assert answer == {"vpnConnId": "vpnconn-a", "status": "configuring"}


@pytest.mark.parametrize("error", [lost(), ProviderError("Timeout", "no answer"),
                                   ProviderError("RequestLimitExceeded", "slow down", http_status=429),
                                   ProviderError("ServiceUnavailable", "busy", http_status=503),
                                   ProviderError("InternalError", "oops", http_status=500)])
def test_retryable_errors(error):
    assert BaiduConnectionAdapter(FakeClient(), {}).is_retryable(error)


@pytest.mark.parametrize("error", [ProviderError("InappropriateJSON", "bad", http_status=400),
                                   ProviderError("SignatureDoesNotMatch", "key", http_status=400),
                                   ProviderError("NoSuchObject", "gone", http_status=404)])
def test_errors_that_are_not_retried(error):
    assert not BaiduConnectionAdapter(FakeClient(), {}).is_retryable(error)


def test_refused_writes_are_not_resent():
    client = FakeClient(failures=[ProviderError("InappropriateJSON", "bad", http_status=400)])
    with pytest.raises(ProviderError):
        BaiduConnectionAdapter(client, {}).update(raw("vpnconn-a"), {"description": "x"}, "t")
    assert len(client.calls) == 1


def test_find_created_looks_by_name_even_with_an_id():
    # A recreate has the old ID in params: the new tunnel is found by name.
    client = FakeClient({"vpn-1": [raw("vpnconn-new")]})
    adapter = BaiduConnectionAdapter(client, {"vpn_gateway_id": "vpn-1", "id": "vpnconn-old"})
    assert adapter.find() is None
    assert adapter.find_created(dict(DESIRED))["vpnConnId"] == "vpnconn-new"


def test_delete_of_a_tunnel_already_gone_is_done():
    client = FakeClient(failures=[ProviderError("NoSuchObject", "gone", http_status=404)])
    assert BaiduConnectionAdapter(client, {}).delete(raw("vpnconn-a"), token="t") is None


def test_create_names_every_missing_ike_and_ipsec_setting_before_writing():
    client = FakeClient()
    desired = dict(DESIRED, ike={"version": "v2"}, ipsec=dict(IPSEC, pfs=None))
    with pytest.raises(ResourceConflictError) as caught:
        BaiduConnectionAdapter(client, {}).create(desired, "t")
    text = str(caught.value)
    assert "ike.mode" in text and "ike.lifetime_seconds" in text and "ipsec.pfs" in text
    assert "ike.version" not in text and client.calls == []

def test_health_answers_without_a_key(client):
    response = client.get("/health")

    assert 200 == response.status_code
    assert {"status": "ok"} == response.json()


def test_ready_counts_the_index(client, repository):
    response = client.get("/ready")

    assert 200 == response.status_code
    assert len(repository.list()) == response.json()["instruments"]


def test_the_openapi_document_is_version_3_1(client):
    document = client.get("/schema/openapi.json").json()

    assert document["openapi"].startswith("3.1")

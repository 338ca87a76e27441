#!/usr/bin/env python3
"""Writes the seed corpora of the targets that read their input with FuzzedDataProvider
(fuzz_decode, fuzz_sigv4) into tests/fuzz/corpus/<target>/, in the byte layout it reads: strings
from the front, integers and booleans from the back."""
import json
import os
import sys

HEADER_NAMES = ["x-amzn-RequestId", "x-amzn-requestid", "x-amz-request-id", "x-amzn-query-error",
                "X-Amzn-Query-Error", "x-amzn-errortype", "content-type", "x-amz-retry-after",
                "retry-after", "date"]
OPS = {"start": 0, "cancel": 1, "list": 2, "list_queues": 3, "queue_url": 4, "attributes": 5, "dlq_sources": 6}


def fdp_string(s: bytes) -> bytes:
    # ConsumeRandomLengthString: a backslash is doubled; "\\" + another byte ends the string.
    return s.replace(b"\\", b"\\") + b"\\E"


def int_bytes(value, lo, hi):
    """ConsumeIntegralInRange(lo, hi): as many bytes as the range needs, most significant first."""
    r, n, out = hi - lo, 0, []
    v = value - lo
    while n < 64 and (r >> n) > 0:
        n += 8
    for shift in range(n - 8, -8, -8):
        out.append((v >> shift) & 0xFF)
    return out


def seed(op, status, headers, body, padding_extra=0, padding_byte=b"x"):
    front = b""
    back = [OPS[op]]  # integers in the order they are consumed; the first is the last byte
    if status == 200:
        back.append(1)
    else:
        back.append(0)
        r = status + 1  # ConsumeIntegralInRange(-1, 600): two bytes, most significant first
        back += [r >> 8, r & 0xFF]
    back.append(len(headers))
    for name, value in headers:
        back.append(HEADER_NAMES.index(name))
        front += fdp_string(value.encode())
    back.append(padding_extra)
    back.append(padding_byte[0])
    return front + body.encode() + bytes(reversed(back))


DECODE_SEEDS = {
    "start_ok": seed("start", 200, [("x-amzn-RequestId", "r-1")], '{"TaskHandle":"eyJ0YXNrSWQiOiJhYmMifQ=="}'),
    "start_escaped": seed("start", 200, [], '{"TaskHandle":"a\\"b\\\\c\\u00e9\\ud83d\\ude00\\n","x":[1,{"y":null}]}'),
    "start_empty": seed("start", 200, [], ""),
    "start_null": seed("start", 200, [], " null "),
    "start_wrong_type": seed("start", 200, [], '{"TaskHandle":5}'),
    "start_duplicate": seed("start", 200, [], '{"TaskHandle":"a","TaskHandle":"b"}'),
    "start_escaped_key": seed("start", 200, [], '{"Task\\u0048andle":"k"}'),
    "cancel_ok": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":9223372036854775807}'),
    "cancel_too_big": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":9223372036854775808}'),
    "cancel_float": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":1.5e3}'),
    "list_two": seed("list", 200, [], '{"Results":[{"TaskHandle":"h1","Status":"RUNNING","SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","DestinationArn":"arn:aws:sqs:us-east-1:123456789012:q","MaxNumberOfMessagesPerSecond":50,"ApproximateNumberOfMessagesMoved":10,"ApproximateNumberOfMessagesToMove":100,"StartedTimestamp":1700000000000},{"Status":"FAILED","FailureReason":"AWS.SimpleQueueService.NonExistentQueue","SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","StartedTimestamp":1690000000000}]}'),
    "list_bad_entry": seed("list", 200, [], '{"Results":[{"MaxNumberOfMessagesPerSecond":2147483648}]}'),
    "list_not_array": seed("list", 200, [], '{"Results":{}}'),
    "error_query": seed("start", 400, [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"),
                                       ("x-amzn-requestid", "req-9")],
                        '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}'),
    "error_code_case": seed("cancel", 404, [], '{"Code":"ResourceNotFoundException","Message":"Task does not exist."}'),
    "error_type_only": seed("list", 400, [("x-amzn-errortype", "InvalidParameterValue:http://internal.amazon.com/")],
                            '{"message":"Value for parameter SourceArn is invalid."}'),
    "error_throttled": seed("start", 429, [("retry-after", "2")], '{"__type":"ThrottlingException"}'),
    "error_5xx_html": seed("start", 503, [("x-amz-retry-after", "1500")], "<html>Service Unavailable</html>"),
    "error_truncated": seed("list", 500, [], '{"__type":"InternalError","message":"trunc'),
    "error_numeric_code": seed("start", 400, [], '{"code":404,"message":null,"Message":""}'),
}


def attributes(attrs):
    """A GetQueueAttributes body: policies are JSON texts inside JSON strings (json.dumps escapes them)."""
    return '{"Attributes":{' + ",".join(json.dumps(k) + ":" + json.dumps(v) for k, v in attrs) + "}}"


DLQ = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"
SRC = "arn:aws:sqs:us-east-1:123456789012:orders"
DECODE_SEEDS.update({
    "list_queues_ok": seed("list_queues", 200, [], '{"QueueUrls":["https://sqs.us-east-1.amazonaws.com/123456789012/orders",'
                           '"http://localhost:4566/000000000000/dlq.fifo"],"NextToken":"AQEB\\u002bx\\/y=="}'),
    "list_queues_null_entry": seed("list_queues", 200, [], '{"QueueUrls":["a",null],"queueUrls":5}'),
    "list_queues_empty": seed("list_queues", 200, [], '{"QueueUrls":[],"NextToken":null}'),
    "queue_url_ok": seed("queue_url", 200, [], '{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/q"}'),
    "queue_url_error": seed("queue_url", 400, [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")],
                            '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}'),
    "attributes_all": seed("attributes", 200, [], attributes([
        ("QueueArn", SRC), ("FifoQueue", "true"), ("ApproximateNumberOfMessages", "42"),
        ("ApproximateNumberOfMessagesNotVisible", "0"), ("ApproximateNumberOfMessagesDelayed", "7"),
        ("RedrivePolicy", json.dumps({"deadLetterTargetArn": DLQ, "maxReceiveCount": 5}, separators=(",", ":"))),
        ("RedriveAllowPolicy", json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [SRC]})),
    ])),
    "attributes_string_count": seed("attributes", 200, [], attributes([
        ("RedrivePolicy", '{"maxReceiveCount":"10","deadLetterTargetArn":"' + DLQ + '","x":[1.5,{}]}'),
        ("RedriveAllowPolicy", json.dumps({"redrivePermission": "allowAll", "sourceQueueArns": [SRC]})),
        ("FifoQueue", "false"),
    ])),
    "attributes_bad": seed("attributes", 200, [], attributes([
        ("QueueArn", "arn:aws:sqs:us-east-1:12345678901:q"), ("FifoQueue", "TRUE"),
        ("ApproximateNumberOfMessages", "9223372036854775807"), ("ApproximateNumberOfMessagesNotVisible", "-1"),
        ("RedrivePolicy", '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:a/b","maxReceiveCount":0}'),
        ("RedriveAllowPolicy", '{"redrivePermission":"byQueue","sourceQueueArns":"' + SRC + '"}'),
    ])),
    "attributes_repeated": seed("attributes", 200, [], '{"Attributes":{"FifoQueue":"x","FifoQueue":"true",'
                                '"RedrivePolicy":"{\\"maxReceiveCount\\":1,\\"maxReceiveCount\\":\\"2\\",'
                                '\\"deadLetterTargetArn\\":\\"' + DLQ + '\\"}"}}'),
    "attributes_null_value": seed("attributes", 200, [], '{"Attributes":{"QueueArn":null}}'),
    "dlq_sources_ok": seed("dlq_sources", 200, [("x-amzn-RequestId", "r-2")],
                           '{"queueUrls":["https://sqs.us-east-1.amazonaws.com/123456789012/orders"],"NextToken":"n",'
                           '"QueueUrls":{}}'),
    "dlq_sources_not_array": seed("dlq_sources", 200, [], '{"queueUrls":"https://sqs.us-east-1.amazonaws.com/1/q"}'),
})

SIGV4_HEADERS = ["host", "content-type", "x-amz-target", "x-amzn-query-mode", "content-length", "authorization",
                 "X-Amz-Date", "date", "x-amz-security-token", "x-amz-content-sha256", "user-agent",
                 "proxy-thing", "sec-fetch", "connection", "x-amzn-trace-id", "Expect"]


def sigv4_seed(key_id, secret, token, region, service, seconds, add_hash, method, host, path, headers, body):
    front, back = b"", []
    front += fdp_string(key_id.encode()) + fdp_string(secret.encode())
    back.append(1 if token is not None else 0)
    if token is not None:
        front += fdp_string(token.encode())
    front += fdp_string(region.encode())
    back.append(1 if service == "sqs" else 0)
    if service != "sqs":
        front += fdp_string(service.encode())
    if 0 <= seconds <= 4102444800:
        back.append(1)
        back += int_bytes(seconds, 0, 4102444800)
    else:
        back.append(0)
        back += list((seconds + (1 << 63)).to_bytes(8, "big"))  # ConsumeIntegral<int64_t>: min + value
    back.append(1 if add_hash else 0)
    back.append(1 if method == "POST" else 0)
    if method != "POST":
        front += fdp_string(method.encode())
    front += fdp_string(host.encode())
    back.append(1 if path == "/" else 0)
    if path != "/":
        front += fdp_string(path.encode())
    back.append(len(headers))
    for name, value in headers:
        back.append(SIGV4_HEADERS.index(name))
        front += fdp_string(value.encode())
    return front + body.encode() + bytes(reversed(back))


SQS_HEADERS = [("host", "sqs.us-east-1.amazonaws.com"), ("content-type", "application/x-amz-json-1.0"),
               ("x-amz-target", "AmazonSQS.StartMessageMoveTask"), ("x-amzn-query-mode", "true"),
               ("content-length", "62")]
SIGV4_SEEDS = {
    "start": sigv4_seed("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "us-east-1", "sqs", 1700000000,
                        True, "POST", "sqs.us-east-1.amazonaws.com", "/", SQS_HEADERS,
                        '{"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"}'),
    "session": sigv4_seed("ASIAEXAMPLE", "secret", "IQoJb3JpZ2luX2VjEXAMPLE==", "eu-west-1", "sqs", 1735689599, False,
                          "POST", "localhost:4566", "/", [("host", "localhost:4566"), ("X-Amz-Date", "old"),
                                                          ("authorization", "old")], "{}"),
    "path_query": sigv4_seed("AKID", "s", None, "us-west-2", "service", 0, True, "GET", "example.com",
                             "/a/./b/../c%20d//e?b=2&a=1&X-Amz-Signature=x&a=0&%41=%zz", [("user-agent", "x"),
                             ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("Expect", "100-continue")], ""),
    "values": sigv4_seed("AKID", "s" * 60, "", "cn-north-1", "sqs", 253402300799, True, "POST", "h", "/",
                         [("content-type", "  a \t\t b  "), ("content-type", "second"), ("date", "x")], "body"),
    "year_10000": sigv4_seed("AKID", "s", None, "us-east-1", "sqs", 253402300800, True, "POST", "h", "/", [], ""),
    "negative_time": sigv4_seed("AKID", "s", None, "us-east-1", "sqs", -62167219201, True, "POST", "h", "/", [], ""),
}


def write(target, seeds, out_root):
    out = os.path.join(out_root, target)
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    write("fuzz_decode", DECODE_SEEDS, root)
    write("fuzz_sigv4", SIGV4_SEEDS, root)

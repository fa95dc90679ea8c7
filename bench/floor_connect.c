/* The floor: the least a TCP health check can do, as a static C program. socket, connect to
 * 127.0.0.1:PORT with the seed's 2 s timeout, close, exit 0 or 1. Nothing here is optional, so
 * whatever `lucid-init probe` costs beyond this is its own overhead. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 1;
  /* connect(2) honours SO_SNDTIMEO: the Python one-liner's settimeout(2). */
  const struct timeval timeout = {2, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(argv[1]));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = connect(fd, (const struct sockaddr*)&address, sizeof address);
  close(fd);
  return rc == 0 ? 0 : 1;
}
